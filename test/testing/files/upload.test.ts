// Upload rules of the test server over TCP (spec/files.md §2, §3): part checks, big-file parts,
// streamed uploads, consumption by messages.uploadMedia, MD5, photo checks and photo sizes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../../../src/client/client.js';
import { TestCluster, type UserRecord } from '../../../src/testing/index.js';
import type { InputFile } from '../../../src/tl/index.js';
import { clientOn, invokerOf, pngOf, rejectsWith, seededBytes, upload, type Invoke } from './helpers.js';

const KiB = 1024;

describe('files: uploads', () => {
  let cluster: TestCluster;
  let alice: UserRecord;
  let client: Client;
  let call: Invoke;
  let fileId = 1n;

  const part = (filePart: number, bytes: Uint8Array, id = fileId) => call({ _: 'upload.saveFilePart', fileId: id, filePart, bytes });
  const bigPart = (filePart: number, fileTotalParts: number, bytes: Uint8Array, id = fileId) =>
    call({ _: 'upload.saveBigFilePart', fileId: id, filePart, fileTotalParts, bytes });
  const uploadMedia = (media: Record<string, unknown>) => call({ _: 'messages.uploadMedia', peer: { _: 'inputPeerSelf' }, media });
  const asDocument = (file: InputFile) => uploadMedia({ _: 'inputMediaUploadedDocument', file, mimeType: 'application/octet-stream', attributes: [] });

  before(async () => {
    cluster = await TestCluster.start({ dcs: [1, 2] });
    alice = cluster.world!.seed.createUser({ firstName: 'Alice', dc: 2 });
    client = await clientOn(cluster.dc(2), alice, cluster);
    call = invokerOf(client);
  });
  after(async () => {
    await client.close();
    await cluster.close();
  });

  it('saveFilePart: empty, too big, out-of-range part index', async () => {
    fileId++;
    await rejectsWith(part(0, new Uint8Array(0)), 'FILE_PART_EMPTY');
    await rejectsWith(part(0, new Uint8Array(512 * KiB + 1)), 'FILE_PART_TOO_BIG');
    await rejectsWith(part(-1, new Uint8Array(10)), 'FILE_PART_INVALID');
    await rejectsWith(part(4000, new Uint8Array(10)), 'FILE_PART_INVALID');
    assert.equal(await part(3999, new Uint8Array(10)), true);
    assert.equal(await part(0, new Uint8Array(512 * KiB)), true, 'a 512 KiB part is the largest allowed');
  });

  it('saveBigFilePart: total, index, size rules in order', async () => {
    fileId++;
    const p = new Uint8Array(128 * KiB);
    await rejectsWith(bigPart(0, 0, p), 'FILE_PARTS_INVALID');
    await rejectsWith(bigPart(0, 4001, p), 'FILE_PARTS_INVALID');
    await rejectsWith(bigPart(5, 5, p), 'FILE_PART_INVALID');
    await rejectsWith(bigPart(0, 5, new Uint8Array(0)), 'FILE_PART_EMPTY');
    await rejectsWith(bigPart(0, 5, new Uint8Array(512 * KiB + 4)), 'FILE_PART_TOO_BIG');
    await rejectsWith(bigPart(0, 5, new Uint8Array(100 * KiB)), 'FILE_PART_SIZE_INVALID');
    await rejectsWith(bigPart(0, 5, new Uint8Array(1000)), 'FILE_PART_SIZE_INVALID');
    assert.equal(await bigPart(0, 5, p), true);
    await rejectsWith(bigPart(1, 5, new Uint8Array(256 * KiB)), 'FILE_PART_SIZE_CHANGED');
    await rejectsWith(bigPart(1, 5, new Uint8Array(64 * KiB)), 'FILE_PART_TOO_SMALL');
    await rejectsWith(bigPart(1, 6, p), 'FILE_PARTS_INVALID');
    await rejectsWith(bigPart(4, 5, new Uint8Array(128 * KiB + 1024)), 'FILE_PART_SIZE_CHANGED');
    assert.equal(await bigPart(4, 5, new Uint8Array(1000)), true, 'the last part may be shorter and of any size');
  });

  it('a premium account may use 8000 parts', async () => {
    const premium = cluster.world!.seed.createUser({ firstName: 'Pro', dc: 2 });
    premium.premium = true;
    const c = await clientOn(cluster.dc(2), premium, cluster);
    try {
      assert.equal(await c.invoke({ _: 'upload.saveBigFilePart', fileId: 77n, filePart: 7999, fileTotalParts: 8000, bytes: new Uint8Array(10) }), true);
      await rejectsWith(c.invoke({ _: 'upload.saveBigFilePart', fileId: 78n, filePart: 0, fileTotalParts: 8001, bytes: new Uint8Array(10) }), 'FILE_PARTS_INVALID');
    } finally {
      await c.close();
    }
  });

  it('consuming an InputFile: part count, missing parts, part lengths, MD5', async () => {
    const bytes = seededBytes(300 * KiB, 3);
    const id = 9001n;
    await part(0, bytes.subarray(0, 128 * KiB), id);
    await part(2, bytes.subarray(256 * KiB), id);
    const file = { _: 'inputFile' as const, id, parts: 3, name: 'a.bin', md5Checksum: '' };
    await rejectsWith(asDocument({ ...file, parts: 0 }), 'FILE_PARTS_INVALID');
    await rejectsWith(asDocument({ ...file, parts: 4001 }), 'FILE_PARTS_INVALID');
    await rejectsWith(asDocument(file), 'FILE_PART_1_MISSING');
    await rejectsWith(asDocument({ ...file, id: 9002n }), 'FILE_PART_0_MISSING');
    await part(1, bytes.subarray(128 * KiB, 200 * KiB), id);
    await rejectsWith(asDocument(file), 'FILE_PART_LENGTH_INVALID');
    await part(1, bytes.subarray(128 * KiB, 256 * KiB), id);
    await rejectsWith(asDocument({ ...file, md5Checksum: '0'.repeat(32) }), 'MD5_CHECKSUM_INVALID');
    const { createHash } = await import('node:crypto');
    const md5 = createHash('md5').update(bytes).digest('hex').toUpperCase();
    const media = (await asDocument({ ...file, md5Checksum: md5 })) as { _: string; document: { size: bigint; attributes: Array<{ _: string; fileName?: string }> } };
    assert.equal(media._, 'messageMediaDocument');
    assert.equal(media.document.size, BigInt(bytes.length));
    assert.deepEqual(
      media.document.attributes.map((a) => a.fileName),
      ['a.bin'],
      'the file name defaults to the InputFile name',
    );
    // parts stay usable after consumption: a second document over the same stored file
    const again = (await asDocument(file)) as { document: { id: bigint; size: bigint } };
    assert.equal(again.document.size, BigInt(bytes.length));
  });

  it('a big file in big parts, uploaded in parallel, becomes a document homed on this DC', async () => {
    const bytes = seededBytes(10 * 1024 * KiB + 12345, 5);
    const file = await upload(call, bytes, { big: true, parallel: 6 });
    assert.equal(file._, 'inputFileBig');
    const media = (await asDocument(file)) as { document: { size: bigint; dcId: number } };
    assert.equal(media.document.size, BigInt(bytes.length));
    assert.equal(media.document.dcId, 2);
    await rejectsWith(asDocument({ ...file, parts: file.parts - 1 }), 'FILE_PARTS_INVALID');
  });

  it('a streamed upload: total −1 until the last part, or an empty end marker on a part boundary', async () => {
    const ps = 64 * KiB;
    const bytes = seededBytes(3 * ps, 9);
    const a = 5001n;
    await bigPart(0, -1, bytes.subarray(0, ps), a);
    await bigPart(1, -1, bytes.subarray(ps, 2 * ps), a);
    await bigPart(2, -1, bytes.subarray(2 * ps), a);
    assert.equal(await bigPart(3, 3, new Uint8Array(0), a), true, 'the empty end marker is accepted');
    const media = (await asDocument({ _: 'inputFileBig', id: a, parts: 3, name: 's.bin' })) as { document: { size: bigint } };
    assert.equal(media.document.size, BigInt(bytes.length));

    const b = 5002n;
    await bigPart(0, -1, bytes.subarray(0, ps), b);
    await bigPart(1, 2, bytes.subarray(ps, ps + 10), b);
    const m2 = (await asDocument({ _: 'inputFileBig', id: b, parts: 2, name: 's.bin' })) as { document: { size: bigint } };
    assert.equal(m2.document.size, BigInt(ps + 10));
  });

  it('photos: extension, decodability, dimensions, and the sizes Telegram reports', async () => {
    const up = async (bytes: Uint8Array, name: string) => upload(call, bytes, { name, partSize: 64 * KiB });
    await rejectsWith(uploadMedia({ _: 'inputMediaUploadedPhoto', file: await up(pngOf(100, 100), 'x.txt') }), 'PHOTO_EXT_INVALID');
    await rejectsWith(uploadMedia({ _: 'inputMediaUploadedPhoto', file: await up(seededBytes(5000), 'x.jpg') }), 'IMAGE_PROCESS_FAILED');
    await rejectsWith(uploadMedia({ _: 'inputMediaUploadedPhoto', file: await up(pngOf(9000, 2000), 'x.png') }), 'PHOTO_INVALID_DIMENSIONS');
    await rejectsWith(uploadMedia({ _: 'inputMediaUploadedPhoto', file: await up(pngOf(2100, 100), 'x.png') }), 'PHOTO_INVALID_DIMENSIONS');
    await rejectsWith(uploadMedia({ _: 'inputMediaUploadedPhoto', file: await up(pngOf(100, 100, 11 * 1024 * KiB), 'x.png') }), 'PHOTO_SAVE_FILE_INVALID');

    const png = pngOf(1280, 720, 50_000);
    const media = (await uploadMedia({ _: 'inputMediaUploadedPhoto', file: await up(png, 'p.png') })) as {
      photo: { dcId: number; fileReference: Uint8Array; sizes: Array<{ _: string; type: string; w?: number; h?: number; size?: number; sizes?: number[]; bytes?: Uint8Array }> };
    };
    const sizes = media.photo.sizes;
    assert.deepEqual(
      sizes.map((s) => [s._, s.type, s.w, s.h]),
      [
        ['photoStrippedSize', 'i', undefined, undefined],
        ['photoSize', 'm', 320, 180],
        ['photoSize', 'x', 800, 450],
        ['photoSizeProgressive', 'y', 1280, 720],
      ],
    );
    assert.equal(sizes[1]!.size, png.length);
    const progressive = sizes[3]!.sizes!;
    assert.equal(progressive[progressive.length - 1], png.length, 'the last scan ends at the full size');
    assert.ok(progressive.every((v, i) => i === 0 || v > progressive[i - 1]!), 'scan offsets ascend');
    const stripped = sizes[0]!.bytes!;
    assert.deepEqual([stripped[0], stripped[1], stripped[2]], [1, 23, 40], 'stripped: 0x01, h, w of the 40-box');
    assert.equal(media.photo.fileReference.length, 29);
    assert.equal(media.photo.dcId, 2);
  });

  it('documents: a given thumb becomes i + m thumbs; a bad thumb is refused; photos resend by id', async () => {
    const up = async (bytes: Uint8Array, name: string) => upload(call, bytes, { name, partSize: 64 * KiB });
    const thumb = pngOf(90, 60, 3000, 4);
    const media = (await uploadMedia({
      _: 'inputMediaUploadedDocument',
      file: await up(seededBytes(100 * KiB, 12), 'movie.mp4'),
      thumb: await up(thumb, 't.png'),
      mimeType: 'video/mp4',
      attributes: [{ _: 'documentAttributeVideo', duration: 3.5, w: 640, h: 360, supportsStreaming: true }],
    })) as { _: string; video?: boolean; document: { id: bigint; accessHash: bigint; fileReference: Uint8Array; thumbs: Array<{ _: string; type: string; w?: number; size?: number }>; attributes: Array<{ _: string }> } };
    assert.equal(media.video, true, 'messageMediaDocument.video from the attribute');
    assert.deepEqual(
      media.document.thumbs.map((t) => [t._, t.type, t.w, t.size]),
      [
        ['photoStrippedSize', 'i', undefined, undefined],
        ['photoSize', 'm', 90, thumb.length],
      ],
    );
    assert.deepEqual(
      media.document.attributes.map((a) => a._),
      ['documentAttributeVideo', 'documentAttributeFilename'],
    );
    const m = (await call({
      _: 'upload.getFile',
      location: { _: 'inputDocumentFileLocation', id: media.document.id, accessHash: media.document.accessHash, fileReference: media.document.fileReference, thumbSize: 'm' },
      offset: 0n,
      limit: 4096,
    })) as { bytes: Uint8Array };
    assert.deepEqual(m.bytes, thumb);
    await rejectsWith(
      uploadMedia({ _: 'inputMediaUploadedDocument', file: await up(seededBytes(1000), 'a'), thumb: await up(pngOf(640, 640), 'big.png'), mimeType: 'video/mp4', attributes: [] }),
      'MEDIA_INVALID',
    );

    const photo = (await uploadMedia({ _: 'inputMediaUploadedPhoto', file: await up(pngOf(500, 300, 4000), 'p.png') })) as {
      photo: { id: bigint; accessHash: bigint; fileReference: Uint8Array; sizes: Array<{ type: string; w?: number }> };
    };
    assert.deepEqual(
      photo.photo.sizes.map((s) => [s.type, s.w]),
      [
        ['i', undefined],
        ['m', 320],
        ['x', 500],
      ],
      'boxes above the original are skipped',
    );
    const again = (await uploadMedia({ _: 'inputMediaPhoto', id: { _: 'inputPhoto', id: photo.photo.id, accessHash: photo.photo.accessHash, fileReference: photo.photo.fileReference } })) as {
      photo: { id: bigint };
    };
    assert.equal(again.photo.id, photo.photo.id);
    await rejectsWith(uploadMedia({ _: 'inputMediaPhoto', id: { _: 'inputPhoto', id: photo.photo.id, accessHash: 1n, fileReference: photo.photo.fileReference } }), 'MEDIA_INVALID');
    await rejectsWith(uploadMedia({ _: 'inputMediaEmpty' }), 'MEDIA_EMPTY');
    await rejectsWith(uploadMedia({ _: 'inputMediaContact', phoneNumber: '1', firstName: 'a', lastName: '', vcard: '' }), 'MEDIA_INVALID');
    await rejectsWith(call({ _: 'messages.uploadMedia', peer: { _: 'inputPeerUser', userId: alice.id, accessHash: 5n }, media: { _: 'inputMediaEmpty' } }), 'PEER_ID_INVALID');
  });
});
