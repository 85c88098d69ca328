// client.files end to end over TCP on a cluster with a CDN DC: small and big round trips (bytes, a path,
// a stream), progress, sendFile with a caption, the CDN with hash checks, a corrupted chunk, reupload and
// an expired token, FILE_MIGRATE, a reference refreshed through the message, abort mid-transfer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Client } from '../../../src/client/client.js';
import { downloadFile, downloadStream, type FetchStats } from '../../../src/client/files/index.js';
import type { Invoker } from '../../../src/client/invoke/types.js';
import { CancelledError, RpcError } from '../../../src/errors.js';
import { TestCluster, type UserRecord } from '../../../src/testing/index.js';
import { seedDocument } from '../../../src/testing/world/files/index.js';
import type { RawDocument, RawMessage } from '../../../src/tl/index.js';
import { clientOn, pngOf, seededBytes, sha256 } from '../../testing/files/helpers.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const SELF = { _: 'inputPeerSelf' } as const;

function stats(): FetchStats {
  return { cdnChunks: 0, corruptChunks: 0, refreshes: 0 };
}

function documentOf(m: RawMessage | undefined): RawDocument {
  const media = m?.media;
  assert.ok(media?._ === 'messageMediaDocument' && media.document?._ === 'document', 'the message carries a document');
  return media.document;
}

/** Asserts progress values rise and end at `total`. */
function checkProgress(seen: Array<[number, number | undefined]>, total: number): void {
  assert.ok(seen.length > 0);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]![0] > seen[i - 1]![0], 'progress is monotonic');
  assert.deepEqual(seen[seen.length - 1], [total, total]);
}

describe('client.files over a cluster with a CDN DC', () => {
  let cluster: TestCluster;
  let alice: UserRecord;
  let client: Client;
  let dir: string;
  const big = seededBytes(12 * MiB + 12_345, 5);

  before(async () => {
    cluster = await TestCluster.start({ dcs: [1, 2], cdn: true });
    alice = cluster.world!.seed.createUser({ firstName: 'Alice', dc: 2 });
    client = await clientOn(cluster.dc(2), alice, cluster);
    dir = await mkdtemp(join(tmpdir(), 'tgts-files-'));
  });
  after(async () => {
    await client.close();
    await cluster.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a small file: upload with md5 (inputFile), sendFile with an HTML caption, byte-exact download', async () => {
    const bytes = seededBytes(700 * KiB + 3, 1);
    const progress: Array<[number, number | undefined]> = [];
    const file = await client.files.upload(bytes, { name: 'a.bin', partSize: 128 * KiB, onProgress: (d, t) => progress.push([d, t]) });
    assert.equal(file._, 'inputFile');
    assert.equal(file._ === 'inputFile' && file.parts, 6);
    assert.match(file._ === 'inputFile' ? file.md5Checksum : '', /^[0-9a-f]{32}$/);
    checkProgress(progress, bytes.length);

    const sent = await client.files.sendFile(SELF, bytes, { name: 'notes.txt', caption: '<b>bold</b> caption', parseMode: 'html' });
    assert.equal(sent.message?.message, 'bold caption');
    assert.equal(sent.message?.entities?.[0]?._, 'messageEntityBold');
    const doc = documentOf(sent.message);
    assert.equal(doc.mimeType, 'text/plain');
    assert.ok(doc.attributes.some((a) => a._ === 'documentAttributeFilename' && a.fileName === 'notes.txt'));
    const down: Array<[number, number | undefined]> = [];
    const got = await client.files.download(sent.message!, { onProgress: (d, t) => down.push([d, t]) });
    assert.equal(sha256(got), sha256(bytes));
    checkProgress(down, bytes.length);
    // a range that starts off a chunk boundary (precise first chunk) and ends inside the file
    const range = await client.files.download(doc, { offset: 5 * KiB + 17, limit: 300 * KiB, chunkSize: 64 * KiB });
    assert.deepEqual(range, bytes.subarray(5 * KiB + 17, 5 * KiB + 17 + 300 * KiB));
  });

  it('a photo: sendFile kind photo, the largest size downloads', async () => {
    const png = pngOf(1280, 720, 40_000);
    const sent = await client.files.sendFile(SELF, png, { name: 'p.png', kind: 'photo' });
    const media = sent.message?.media;
    assert.ok(media?._ === 'messageMediaPhoto' && media.photo?._ === 'photo');
    const got = await client.files.download(sent.message!);
    assert.ok(got.length > 0);
  });

  it('a 12 MiB file from a path: big parts (inputFileBig), streamed back and written to a file', async () => {
    const path = join(dir, 'big.bin');
    await writeFile(path, big);
    const progress: Array<[number, number | undefined]> = [];
    const file = await client.files.upload(path, { onProgress: (d, t) => progress.push([d, t]) });
    assert.equal(file._, 'inputFileBig');
    assert.equal(file._ === 'inputFileBig' && file.name, 'big.bin');
    checkProgress(progress, big.length);
    const media = (await client.invoke({ _: 'messages.uploadMedia', peer: SELF, media: { _: 'inputMediaUploadedDocument', file, mimeType: 'application/octet-stream', attributes: [] } })) as { document: RawDocument };
    const out = join(dir, 'big.out');
    assert.equal(await client.files.downloadToFile(media.document, out), big.length);
    assert.equal(sha256(new Uint8Array(await readFile(out))), sha256(big));
  });

  it('a stream of unknown size: read ahead to choose small, or big parts with file_total_parts -1', async () => {
    async function* chunks(bytes: Uint8Array, step: number): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += step) yield bytes.subarray(i, i + step);
    }
    const small = seededBytes(3 * MiB + 1, 8);
    assert.equal((await client.files.upload(chunks(small, 100_000)))._, 'inputFile');
    const file = await client.files.upload(chunks(big, 333_333), { name: 's.bin' });
    assert.equal(file._, 'inputFileBig');
    const media = (await client.invoke({ _: 'messages.uploadMedia', peer: SELF, media: { _: 'inputMediaUploadedDocument', file, mimeType: 'application/octet-stream', attributes: [] } })) as { document: RawDocument };
    assert.equal(Number(media.document.size), big.length);
    assert.equal(sha256(await client.files.download(media.document)), sha256(big));
  });

  it('through the CDN: decrypted, hash-checked; a corrupted chunk is refetched from the master; reupload and expired tokens', async () => {
    const bytes = seededBytes(3 * MiB + 5000, 21);
    const sent = await client.files.sendFile(SELF, bytes, { name: 'v.mp4' });
    const doc = documentOf(sent.message);
    cluster.world!.files.setCdn({ kind: 'document', id: doc.id });
    const s1 = stats();
    assert.equal(sha256(await client.files.download(doc, { stats: s1 })), sha256(bytes));
    assert.equal(s1.cdnChunks, 4, 'every chunk came from the CDN');
    assert.equal(s1.corruptChunks, 0);

    cluster.cdn!.faults.corruptChunks(1);
    const s2 = stats();
    assert.equal(sha256(await client.files.download(doc, { stats: s2 })), sha256(bytes), 'the corrupt chunk was never delivered');
    assert.equal(s2.corruptChunks, 1);
    assert.equal(s2.cdnChunks, 3);

    cluster.cdn!.faults.evict();
    const s3 = stats();
    assert.equal(sha256(await client.files.download(doc, { stats: s3 })), sha256(bytes), 'after upload.reuploadCdnFile');
    assert.equal(s3.cdnChunks, 4);

    // a token that expires mid-download: the rest comes from the master
    const s4 = stats();
    let expired = false;
    const parts: Uint8Array[] = [];
    for await (const chunk of client.files.stream(doc, { stats: s4, parallel: 1 })) {
      parts.push(chunk);
      if (!expired) {
        cluster.cdn!.faults.expireTokens();
        expired = true;
      }
    }
    assert.equal(sha256(Buffer.concat(parts)), sha256(bytes));
    assert.equal(s4.cdnChunks, 1);
    cluster.world!.files.setCdn({ kind: 'document', id: doc.id }, false);
  });

  it('a range off the chunk grid: one precise 1 KiB-aligned first chunk on the master, window-cut ranges through the CDN', async () => {
    const bytes = seededBytes(2 * MiB + 3000, 23);
    const doc = documentOf((await client.files.sendFile(SELF, bytes, { name: 'p.bin' })).message);
    const seen: Array<{ offset: number; limit: number; precise: boolean }> = [];
    const invoke: Invoker = (request, options) => {
      if (request._ === 'upload.getFile') seen.push({ offset: Number(request.offset), limit: request.limit, precise: request.precise === true });
      return client.invoke(request, options);
    };
    const offset = 5 * KiB + 17;
    const limit = 300 * KiB;
    const got = await downloadFile(invoke, doc, { offset, limit, chunkSize: 64 * KiB, cdn: false });
    assert.equal(sha256(got), sha256(bytes.subarray(offset, offset + limit)));
    assert.deepEqual(seen[0], { offset: 5 * KiB, limit: 59 * KiB, precise: true }, 'up to the next chunk boundary, inside one 1 MiB block');
    assert.ok(seen.length > 1);
    for (const c of seen.slice(1)) assert.ok(!c.precise && c.limit === 64 * KiB && c.offset % c.limit === 0, `aligned, not precise: ${JSON.stringify(c)}`);

    // the same kind of range through the CDN (getCdnFile has no precise: the covering hash window is fetched and cut)
    cluster.world!.files.setCdn({ kind: 'document', id: doc.id });
    try {
      const s = stats();
      const at = MiB - 3 * KiB - 5;
      const cdnRange = await downloadFile(invoke, doc, { offset: at, limit: 200 * KiB, stats: s });
      assert.equal(sha256(cdnRange), sha256(bytes.subarray(at, at + 200 * KiB)));
      assert.equal(s.cdnChunks, 2, 'the precise head and the next block both came from the CDN');
      assert.equal(s.corruptChunks, 0);
    } finally {
      cluster.world!.files.setCdn({ kind: 'document', id: doc.id }, false);
    }
  });

  it('FILE_MIGRATE: a file on another DC is fetched there with an exported authorization', async () => {
    const bytes = seededBytes(2 * MiB + 77, 33);
    const ref = seedDocument(cluster.world!, bytes, { dcId: 1 });
    const doc = cluster.world!.media!.view(ref, alice.id);
    assert.ok(doc._ === 'messageMediaDocument' && doc.document?._ === 'document');
    // no dcId in the target: the primary (DC 2) answers FILE_MIGRATE_1 and the core follows it
    const target = { location: { _: 'inputDocumentFileLocation' as const, id: doc.document.id, accessHash: doc.document.accessHash, fileReference: doc.document.fileReference, thumbSize: '' }, size: bytes.length };
    const dcs = new Set<number>();
    const stop = client.tap.onResult((request, _result, meta) => {
      if (request._ === 'upload.getFile') dcs.add(meta.dcId);
    });
    try {
      assert.equal(sha256(await client.files.download(target)), sha256(bytes));
    } finally {
      stop();
    }
    assert.deepEqual([...dcs], [1], 'answered by the DC holding the file');
  });

  it('FILE_REFERENCE_EXPIRED: the reference is refreshed once through the message', async () => {
    const bytes = seededBytes(1 * MiB + 9, 44);
    const files = cluster.world!.files;
    // its own client: the test's middleware stays out of the other tests
    const own = await clientOn(cluster.dc(2), alice, cluster);
    // the refetch hands out references that live again
    own.use((next) => (request, options) => {
      if (request._ === 'messages.getMessages') files.switches.referenceLifetimeSeconds = 7200;
      return next(request, options);
    });
    try {
      const sent = await own.files.sendFile(SELF, bytes, { name: 'r.bin' });
      files.switches.referenceLifetimeSeconds = 0;
      const s = stats();
      assert.equal(sha256(await own.files.download(sent.message!, { stats: s })), sha256(bytes));
      assert.equal(s.refreshes, 1);
    } finally {
      files.switches.referenceLifetimeSeconds = 7200;
      await own.close();
    }
  });

  it('abort mid-transfer: upload and download stop at once, nothing runs afterwards', async () => {
    const up = new AbortController();
    let parts = 0;
    let after = -1;
    await assert.rejects(
      client.files.upload(big, {
        signal: up.signal,
        onProgress: () => {
          parts++;
          if (parts === 3) up.abort(new Error('stop'));
        },
      }),
      (e: unknown) => e instanceof CancelledError,
    );
    after = parts;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(parts, after, 'no part finished after the upload rejected');
    assert.ok(parts < Math.ceil(big.length / (512 * KiB)));

    const media = (await client.invoke({
      _: 'messages.uploadMedia',
      peer: SELF,
      media: { _: 'inputMediaUploadedDocument', file: await client.files.upload(big), mimeType: 'application/octet-stream', attributes: [] },
    })) as { document: RawDocument };
    const down = new AbortController();
    let chunks = 0;
    await assert.rejects(
      (async () => {
        for await (const _ of client.files.stream(media.document, { signal: down.signal })) {
          if (++chunks === 2) down.abort();
        }
      })(),
      (e: unknown) => e instanceof CancelledError,
    );
    assert.equal(chunks, 2);
    // a failed download to a path leaves no file behind
    const out = join(dir, 'aborted.out');
    const d2 = new AbortController();
    await assert.rejects(client.files.downloadToFile(media.document, out, { signal: d2.signal, onProgress: (n) => n >= 2 * MiB && d2.abort() }));
    await assert.rejects(stat(out));
    // errors from Telegram come through typed
    await assert.rejects(
      client.files.download({ location: { _: 'inputDocumentFileLocation', id: 1n, accessHash: 2n, fileReference: new Uint8Array(8), thumbSize: '' }, dcId: 2, size: 10 }),
      (e: unknown) => e instanceof RpcError && e.type === 'FILE_ID_INVALID',
    );
  });

  it('streaming a large file keeps memory bounded: at most `parallel` chunks held, heap growth within a generous bound', async () => {
    const size = 32 * MiB;
    // a fresh client: what the other tests left in the shared one (pools, CDN state) stays out of the figure
    const own = await clientOn(cluster.dc(2), alice, cluster);
    async function* generated(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < size; i += MiB) yield seededBytes(MiB, 100 + i / MiB);
    }
    const file = await own.files.upload(generated(), { name: 'huge.bin' });
    const media = (await own.invoke({ _: 'messages.uploadMedia', peer: SELF, media: { _: 'inputMediaUploadedDocument', file, mimeType: 'application/octet-stream', attributes: [] } })) as { document: RawDocument };
    // what the downloader holds: chunks asked for or arrived, not yet taken by the consumer
    let held = 0;
    let maxHeld = 0;
    const invoke: Invoker = async (request, options) => {
      if (request._ === 'upload.getFile') maxHeld = Math.max(maxHeld, ++held);
      return own.invoke(request, options);
    };
    // retained memory, not garbage: collect before each sample (a test-only view of the heap)
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const used = (): number => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const base = used();
    let peak = 0;
    let total = 0;
    let index = 0;
    let same = true;
    try {
      for await (const chunk of downloadStream(invoke, media.document, { parallel: 4 })) {
        held--;
        if (index % 4 === 0) peak = Math.max(peak, used() - base);
        const want = seededBytes(MiB, 100 + index++);
        same &&= Buffer.compare(chunk, want) === 0;
        total += chunk.length;
      }
    } finally {
      await own.close();
    }
    assert.equal(total, size);
    assert.ok(same, 'every chunk arrived in order, byte-exact');
    assert.ok(maxHeld <= 5, `at most 4 chunks in flight plus the one delivered (saw ${maxHeld})`);
    // generous: the in-process server keeps answers until their acks arrive, so the process figure
    // includes some of its copies; a stream that kept what it delivered would pass the file size
    assert.ok(peak < size + 16 * MiB, `peak growth ${(peak / MiB).toFixed(1)} MiB while streaming ${size / MiB} MiB`);
  });
});
