// Stored files on disk (dataDir), across a restart, cleaned on delete, bounded by the quota; part TTL
// and reference lifetime on the world clock (in-memory harness).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestCluster } from '../../../src/testing/index.js';
import { WorldHarness } from '../../../src/testing/world/harness.js';
import { DiskFileStorage } from '../../../src/testing/world/files/storage.js';
import type { InputFileLocation } from '../../../src/tl/index.js';
import { docLocation, download, invokerOf, pngOf, rawOn, rejectsWith, seededBytes, sha256, upload, type Doc, type Invoke } from './helpers.js';

const KiB = 1024;
const MiB = 1024 * KiB;

const locationOf = (d: Doc): InputFileLocation => docLocation(d);

async function sendDocument(call: Invoke, bytes: Uint8Array, partSize: number): Promise<Doc> {
  const file = await upload(call, bytes, { partSize, parallel: 5 });
  const m = (await call({ _: 'messages.uploadMedia', peer: { _: 'inputPeerSelf' }, media: { _: 'inputMediaUploadedDocument', file, mimeType: 'application/zip', attributes: [] } })) as {
    document: Doc;
  };
  return m.document;
}

describe('files: storage', () => {
  it('dataDir: plain files on disk, downloadable after a restart with old references, cleaned on delete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgts-files-'));
    try {
      const small = seededBytes(3 * MiB + 123, 31);
      const big = seededBytes(11 * MiB + 7, 32);
      let smallDoc: Doc;
      let bigDoc: Doc;
      let photo: { id: bigint; accessHash: bigint };
      let userId: number;
      {
        const cluster = await TestCluster.start({ dcs: [2], dataDir: dir });
        const user = cluster.world!.seed.createUser({ firstName: 'Disk', dc: 2 });
        userId = user.id;
        const c = await rawOn(cluster.dc(2), user);
        const call = invokerOf(c);
        // 128 KiB parts are compacted when consumed; 512 KiB parts become the stored file by a rename
        smallDoc = await sendDocument(call, small, 128 * KiB);
        bigDoc = await sendDocument(call, big, 512 * KiB);
        const p = (await call({ _: 'photos.uploadProfilePhoto', file: await upload(call, pngOf(640, 640, 40_000), { name: 'a.png' }) })) as { photo: { id: bigint; accessHash: bigint } };
        photo = p.photo;
        const blobs = readdirSync(join(dir, 'files', 'blobs'));
        assert.equal(blobs.length, 3, 'one plain file per stored file');
        const sizes = blobs.map((b) => statSync(join(dir, 'files', 'blobs', b)).size).sort((a, b) => a - b);
        assert.deepEqual(sizes, [40_033, small.length, big.length]);
        assert.deepEqual(readdirSync(join(dir, 'files', 'parts')), [], 'no parts are left once consumed');
        await call({ _: 'upload.saveFilePart', fileId: 999n, filePart: 0, bytes: new Uint8Array(1000) });
        c.close();
        await cluster.close();
      }
      const cluster = await TestCluster.start({ dcs: [2], dataDir: dir });
      try {
        const user = cluster.world!.users.get(userId)!;
        const c = await rawOn(cluster.dc(2), user);
        const call = invokerOf(c);
        assert.equal(sha256(await download(call, locationOf(smallDoc), small.length)), sha256(small));
        assert.equal(sha256(await download(call, locationOf(bigDoc), big.length, 512 * KiB)), sha256(big));
        await rejectsWith(
          call({ _: 'messages.uploadMedia', peer: { _: 'inputPeerSelf' }, media: { _: 'inputMediaUploadedDocument', file: { _: 'inputFile', id: 999n, parts: 1, name: 'x', md5Checksum: '' }, mimeType: 'x/y', attributes: [] } }),
          'FILE_PART_0_MISSING',
        );
        const before = readdirSync(join(dir, 'files', 'blobs')).length;
        await call({ _: 'photos.deletePhotos', id: [{ _: 'inputPhoto', id: photo.id, accessHash: photo.accessHash, fileReference: new Uint8Array(0) }] });
        assert.equal(readdirSync(join(dir, 'files', 'blobs')).length, before - 1, 'the photo file was deleted from disk');
        cluster.world!.files.deleteMedia({ kind: 'document', id: bigDoc.id });
        assert.equal(readdirSync(join(dir, 'files', 'blobs')).length, before - 2);
        await rejectsWith(call({ _: 'upload.getFile', location: locationOf(bigDoc), offset: 0n, limit: 4096 }), 'FILE_ID_INVALID');
        c.close();
      } finally {
        await cluster.close();
      }
      assert.ok(existsSync(join(dir, 'tgts-testserver.db')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('disk: transient reads (getFile, hashes) reuse one buffer; plain reads are the caller\'s own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgts-files-'));
    try {
      const storage = new DiskFileStorage(dir);
      const bytes = seededBytes(2 * MiB + 5, 33);
      storage.put(1, bytes);
      const a = storage.readTransient(1, 0, MiB);
      assert.deepEqual(a, bytes.subarray(0, MiB));
      const b = storage.readTransient(1, MiB, MiB);
      assert.deepEqual(b, bytes.subarray(MiB, 2 * MiB));
      assert.equal(b.buffer, a.buffer, 'the same buffer again: nothing allocated per chunk');
      const tail = storage.readTransient(1, 2 * MiB, MiB);
      assert.deepEqual(tail, bytes.subarray(2 * MiB), 'short at the end of the file');
      assert.equal(tail.buffer, a.buffer);
      const whole = storage.readTransient(1, 0, 2 * MiB + 5);
      assert.notEqual(whole.buffer, a.buffer, 'past one chunk: a buffer of its own, not kept');
      assert.deepEqual(whole, bytes);
      const own = storage.read(1, 0, 4096);
      assert.notEqual(own.buffer, a.buffer);
      storage.readTransient(1, 4096, 4096);
      assert.deepEqual(own, bytes.subarray(0, 4096), 'a plain read is not overwritten by later reads');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the quota bounds stored files and parts; deleting frees room', async () => {
    const cluster = await TestCluster.start({ dcs: [2] });
    try {
      const user = cluster.world!.seed.createUser({ firstName: 'Q', dc: 2 });
      const c = await rawOn(cluster.dc(2), user);
      const call = invokerOf(c);
      const files = cluster.world!.files;
      const doc = await sendDocument(call, seededBytes(MiB, 5), 256 * KiB);
      assert.equal(files.usedBytes, MiB);
      files.switches.quotaBytes = MiB + 300 * KiB;
      assert.equal(await call({ _: 'upload.saveFilePart', fileId: 1n, filePart: 0, bytes: new Uint8Array(256 * KiB) }), true);
      await rejectsWith(call({ _: 'upload.saveFilePart', fileId: 1n, filePart: 1, bytes: new Uint8Array(256 * KiB) }), 'STORAGE_QUOTA_EXCEEDED');
      assert.equal(await call({ _: 'upload.saveFilePart', fileId: 1n, filePart: 0, bytes: new Uint8Array(128 * KiB) }), true, 'a rewritten part counts once');
      files.deleteMedia({ kind: 'document', id: doc.id });
      assert.equal(files.usedBytes, 128 * KiB);
      assert.equal(await call({ _: 'upload.saveFilePart', fileId: 1n, filePart: 1, bytes: new Uint8Array(128 * KiB) }), true);
      c.close();
    } finally {
      await cluster.close();
    }
  });

  it('parts expire after the part TTL; references after their lifetime (world clock)', async () => {
    const h = new WorldHarness({ dcId: 2, dcs: [2] });
    const user = h.world.seed.createUser({ firstName: 'T', dc: 2 });
    const as = { as: user };
    await h.call('upload.saveFilePart', { fileId: 5n, filePart: 0, bytes: seededBytes(2000, 1) }, as);
    const file = { _: 'inputFile' as const, id: 5n, parts: 1, name: 'x.bin', md5Checksum: '' };
    const media = { _: 'inputMediaUploadedDocument' as const, file, mimeType: 'x/y', attributes: [] };
    h.time += 3599;
    const ok = (await h.call('messages.uploadMedia', { peer: { _: 'inputPeerSelf' }, media }, as)) as { document: Doc };
    const issuedAt = h.time;
    // a part write later than the TTL sweeps the idle upload (checked at most once a minute)
    h.time += 3600;
    await h.call('upload.saveFilePart', { fileId: 6n, filePart: 0, bytes: new Uint8Array(10) }, as);
    await rejectsWith(h.call('messages.uploadMedia', { peer: { _: 'inputPeerSelf' }, media }, as), 'FILE_PART_0_MISSING');

    const get = () => h.call('upload.getFile', { location: locationOf(ok.document), offset: 0n, limit: 4096 }, as);
    h.time = issuedAt + 7199;
    assert.equal((await get())._, 'upload.file');
    h.time = issuedAt + 7200;
    await rejectsWith(get(), 'FILE_REFERENCE_EXPIRED');
  });
});
