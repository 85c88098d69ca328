// upload.getFile over TCP (spec/files.md §5): offset/limit rules, precise, the 1 MiB block, the
// location checks in order, file references, file types, hashes, FILE_MIGRATE across a cluster.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../../../src/client/client.js';
import { RpcError } from '../../../src/errors.js';
import { TestCluster, type UserRecord } from '../../../src/testing/index.js';
import type { InputFileLocation } from '../../../src/tl/index.js';
import { clientOn, docLocation, download, invokerOf, pngOf, rawOn, rejectsWith, seededBytes, sha256, upload, type Doc, type Invoke } from './helpers.js';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('files: downloads', () => {
  let cluster: TestCluster;
  let alice: UserRecord;
  let client: Client;
  let call: Invoke;
  let bytes: Uint8Array;
  let doc: Doc;

  const getFile = (location: InputFileLocation, offset: number, limit: number, precise = false) =>
    call({ _: 'upload.getFile', location, offset: BigInt(offset), limit, ...(precise ? { precise: true } : {}) }) as Promise<{
      _: string;
      type: { _: string };
      mtime: number;
      bytes: Uint8Array;
    }>;
  const sendDocument = async (data: Uint8Array, name = 'f.bin', mimeType = 'application/octet-stream'): Promise<Doc> => {
    const file = await upload(call, data, { name });
    const m = (await call({ _: 'messages.uploadMedia', peer: { _: 'inputPeerSelf' }, media: { _: 'inputMediaUploadedDocument', file, mimeType, attributes: [] } })) as {
      document: Doc;
    };
    return m.document;
  };

  before(async () => {
    cluster = await TestCluster.start({ dcs: [1, 2] });
    alice = cluster.world!.seed.createUser({ firstName: 'Alice', dc: 2 });
    client = await clientOn(cluster.dc(2), alice, cluster);
    call = invokerOf(client);
    bytes = seededBytes(2 * MiB + 100 * KiB + 17, 11);
    doc = await sendDocument(bytes);
  });
  after(async () => {
    await client.close();
    await cluster.close();
  });

  it('limit and offset rules without precise, and the 1 MiB block', async () => {
    const loc = docLocation(doc);
    await rejectsWith(getFile(loc, 0, 0), 'LIMIT_INVALID');
    await rejectsWith(getFile(loc, 0, 1024), 'LIMIT_INVALID');
    await rejectsWith(getFile(loc, 0, 3 * 4096), 'LIMIT_INVALID');
    await rejectsWith(getFile(loc, 0, 2 * MiB), 'LIMIT_INVALID');
    await rejectsWith(getFile(loc, 1024, 4096), 'OFFSET_INVALID');
    await rejectsWith(getFile(loc, 512 * KiB + 4096, 512 * KiB), 'LIMIT_INVALID');
    const r = await getFile(loc, MiB - 4096, 4096);
    assert.deepEqual(r.bytes, bytes.subarray(MiB - 4096, MiB));
  });

  it('precise: 1 KiB alignment and any limit up to 1 MiB, still inside one block', async () => {
    const loc = docLocation(doc);
    const r = await getFile(loc, 3 * KiB, 5 * KiB, true);
    assert.deepEqual(r.bytes, bytes.subarray(3 * KiB, 8 * KiB));
    await rejectsWith(getFile(loc, 512, 1024, true), 'OFFSET_INVALID');
    await rejectsWith(getFile(loc, 0, 1500, true), 'LIMIT_INVALID');
    await rejectsWith(getFile(loc, 0, MiB + 1024, true), 'LIMIT_INVALID');
    await rejectsWith(getFile(loc, MiB - KiB, 2 * KiB, true), 'LIMIT_INVALID');
  });

  it('the whole file in 1 MiB chunks; the last chunk is short; offset at or past the end', async () => {
    const got = await download(call, docLocation(doc), bytes.length);
    assert.equal(sha256(got), sha256(bytes));
    const last = await getFile(docLocation(doc), 2 * MiB, MiB);
    assert.equal(last.bytes.length, 100 * KiB + 17);
    const size = bytes.length;
    const end = Math.ceil(size / 4096) * 4096;
    await rejectsWith(getFile(docLocation(doc), end, 4096), 'OFFSET_INVALID');
    // an exactly aligned size: offset == size is OFFSET_INVALID by default, empty with the switch
    const aligned = await sendDocument(seededBytes(64 * KiB, 4));
    await rejectsWith(getFile(docLocation(aligned), 64 * KiB, 4096), 'OFFSET_INVALID');
    cluster.world!.files.switches.offsetAtEnd = 'empty';
    try {
      assert.equal((await getFile(docLocation(aligned), 64 * KiB, 4096)).bytes.length, 0);
      await rejectsWith(getFile(docLocation(aligned), 68 * KiB, 4096), 'OFFSET_INVALID');
    } finally {
      cluster.world!.files.switches.offsetAtEnd = 'error';
    }
  });

  it('storage.FileType by content at offset 0, filePartial after; mtime is the file date', async () => {
    const png = await sendDocument(pngOf(64, 64, 20_000), 'p.png', 'image/png');
    const first = await getFile(docLocation(png), 0, 4096);
    assert.equal(first.type._, 'storage.filePng');
    assert.equal(first.mtime, png.date);
    assert.equal((await getFile(docLocation(png), 4096, 4096)).type._, 'storage.filePartial');
    assert.equal((await getFile(docLocation(doc), 0, 4096)).type._, 'storage.fileUnknown');
    // an image document gets stripped + m thumbs; `m` downloads, `i` (inline) and unknown sizes do not
    assert.deepEqual(png.thumbs?.map((t) => t.type), ['i', 'm']);
    assert.equal((await getFile(docLocation(png, 'm'), 0, 4096)).type._, 'storage.filePng');
    await rejectsWith(getFile(docLocation(png, 'i'), 0, 4096), 'LOCATION_INVALID');
    await rejectsWith(getFile(docLocation(png, 'x'), 0, 4096), 'LOCATION_INVALID');
  });

  it('location checks in order: kind, id and access hash, reference empty / invalid / expired', async () => {
    await rejectsWith(
      getFile({ _: 'inputFileLocation', volumeId: 1n, localId: 1, secret: 1n, fileReference: new Uint8Array(0) }, 0, 4096),
      'LOCATION_INVALID',
    );
    await rejectsWith(getFile({ ...docLocation(doc), id: doc.id + 1n } as InputFileLocation, 0, 4096), 'FILE_ID_INVALID');
    await rejectsWith(getFile({ ...docLocation(doc), accessHash: doc.accessHash ^ 1n } as InputFileLocation, 0, 4096), 'FILE_ID_INVALID');
    await rejectsWith(getFile({ ...docLocation(doc), fileReference: new Uint8Array(0) } as InputFileLocation, 0, 4096), 'FILE_REFERENCE_EMPTY');
    const forged = new Uint8Array(doc.fileReference);
    forged[20]! ^= 1;
    await rejectsWith(getFile({ ...docLocation(doc), fileReference: forged } as InputFileLocation, 0, 4096), 'FILE_REFERENCE_INVALID');
    // a reference of another document is not valid for this one
    const other = await sendDocument(seededBytes(5000, 8));
    await rejectsWith(getFile({ ...docLocation(doc), fileReference: other.fileReference } as InputFileLocation, 0, 4096), 'FILE_REFERENCE_INVALID');
    // the reference check comes after the thumb check
    await rejectsWith(getFile({ ...docLocation(doc, 'q'), fileReference: new Uint8Array(0) } as InputFileLocation, 0, 4096), 'LOCATION_INVALID');
    const files = cluster.world!.files;
    files.switches.referenceLifetimeSeconds = 0;
    try {
      await rejectsWith(getFile(docLocation(doc), 0, 4096), 'FILE_REFERENCE_EXPIRED');
    } finally {
      files.switches.referenceLifetimeSeconds = 7200;
    }
    assert.equal((await getFile(docLocation(doc), 0, 4096)).bytes.length, 4096);
  });

  it('resending media by id checks the reference the same way', async () => {
    const resend = (fileReference: Uint8Array) =>
      call({ _: 'messages.uploadMedia', peer: { _: 'inputPeerSelf' }, media: { _: 'inputMediaDocument', id: { _: 'inputDocument', id: doc.id, accessHash: doc.accessHash, fileReference } } });
    const again = (await resend(doc.fileReference)) as { document: Doc };
    assert.equal(again.document.id, doc.id);
    assert.notDeepEqual(again.document.fileReference, doc.fileReference, 'every view issues a fresh reference');
    await rejectsWith(resend(new Uint8Array(0)), 'FILE_REFERENCE_EMPTY');
    await rejectsWith(resend(new Uint8Array(29)), 'FILE_REFERENCE_INVALID');
  });

  it('upload.getFileHashes: SHA-256 of 128 KiB windows from the window holding the offset', async () => {
    const hashes = (await call({ _: 'upload.getFileHashes', location: docLocation(doc), offset: BigInt(130 * KiB) })) as Array<{
      offset: bigint;
      limit: number;
      hash: Uint8Array;
    }>;
    assert.equal(hashes.length, 8);
    assert.equal(hashes[0]!.offset, BigInt(128 * KiB));
    for (const h of hashes) {
      const at = Number(h.offset);
      assert.equal(Buffer.from(h.hash).toString('hex'), sha256(bytes.subarray(at, at + h.limit)));
    }
    const tail = (await call({ _: 'upload.getFileHashes', location: docLocation(doc), offset: BigInt(2 * MiB - 1) })) as Array<{ limit: number }>;
    assert.deepEqual(
      tail.map((h) => h.limit),
      [128 * KiB, 100 * KiB + 17],
      'the last window is shorter',
    );
  });

  it('FILE_MIGRATE_X from another DC; a Client follows it with an exported authorization', async () => {
    const bob = cluster.world!.seed.createUser({ firstName: 'Bob', dc: 1 });
    const raw = await rawOn(cluster.dc(1), bob);
    try {
      await assert.rejects(
        raw.invoke({ _: 'upload.getFile', location: docLocation(doc), offset: 0n, limit: 4096 }),
        (e: unknown) => e instanceof RpcError && e.code === 303 && e.message === 'FILE_MIGRATE_2',
      );
    } finally {
      raw.close();
    }
    const bobClient = await clientOn(cluster.dc(1), bob, cluster);
    try {
      const got = await download(invokerOf(bobClient), docLocation(doc), bytes.length);
      assert.equal(sha256(got), sha256(bytes));
    } finally {
      await bobClient.close();
    }
  });

  it('profile photos: upload, download small and big by peer, list, delete', async () => {
    const png = pngOf(800, 600, 30_000);
    const file = await upload(call, png, { name: 'me.png' });
    const res = (await call({ _: 'photos.uploadProfilePhoto', file })) as { photo: { id: bigint; accessHash: bigint; sizes: Array<{ type: string; w?: number }> } };
    assert.deepEqual(
      res.photo.sizes.map((s) => [s.type, s.w]),
      [
        ['i', undefined],
        ['a', 160],
        ['b', 320],
        ['c', 600],
      ],
    );
    const self = { _: 'inputPeerPhotoFileLocation' as const, peer: { _: 'inputPeerSelf' as const }, photoId: res.photo.id };
    const small = await getFile(self, 0, 64 * KiB);
    assert.deepEqual(small.bytes, png.subarray(0, 64 * KiB));
    assert.equal((await getFile({ ...self, big: true }, 0, 4096)).type._, 'storage.filePng');
    await rejectsWith(getFile({ ...self, photoId: res.photo.id + 1n }, 0, 4096), 'FILE_ID_INVALID');
    await rejectsWith(getFile({ ...self, peer: { _: 'inputPeerUser', userId: alice.id, accessHash: 1n } }, 0, 4096), 'PEER_ID_INVALID');
    assert.equal(cluster.world!.media.peerPhoto(alice.id, 'user')._, 'userProfilePhoto');

    const list = (await call({ _: 'photos.getUserPhotos', userId: { _: 'inputUserSelf' }, offset: 0, maxId: 0n, limit: 10 })) as { photos: Array<{ id: bigint }> };
    assert.deepEqual(
      list.photos.map((p) => p.id),
      [res.photo.id],
    );
    const used = cluster.world!.files.usedBytes;
    const deleted = await call({ _: 'photos.deletePhotos', id: [{ _: 'inputPhoto', id: res.photo.id, accessHash: res.photo.accessHash, fileReference: new Uint8Array(0) }] });
    assert.deepEqual(deleted, [res.photo.id]);
    assert.equal(cluster.world!.files.usedBytes, used - png.length, 'the stored file went with the photo');
    await rejectsWith(getFile(self, 0, 4096), 'FILE_ID_INVALID');
    assert.equal(cluster.world!.media.peerPhoto(alice.id, 'user')._, 'userProfilePhotoEmpty');
  });
});
