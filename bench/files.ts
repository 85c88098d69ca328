/**
 * Files over loopback TCP against one in-process `TestServer` (its world's files area): upload and
 * download throughput of a 64 MiB file, tgts (`client.files`) and mtcute (`uploadFile`, `downloadAsBuffer`)
 * in the same run, alternating rounds; then the RSS of tgts streaming a large file generated on the fly
 * (uploaded from a generator, streamed back and discarded: never held whole by the client).
 * Run alone: `node --expose-gc --import tsx bench/files.ts` (`BENCH_FILES_MB` sets the file size, default 64;
 * `BENCH_FILES_STREAM_MB` the streamed file, default 512).
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, MemorySession, TestServer } from './lib/built.js';
import { createMtcuteClient } from './lib/mtcute.js';
import { runIfMain } from './lib/standalone.js';
import { median } from './lib/stats.js';
import { newAuthKey } from './lib/tgts-client.js';
import type { BenchRow } from './lib/types.js';
import { seededBytes } from '../test/helpers/seeded-bytes.js';

const MiB = 1024 * 1024;
const ROUNDS = 3;

type Doc = { id: bigint; accessHash: bigint; fileReference: Uint8Array; size: bigint; dcId: number };

async function asDocument(client: Client, file: unknown): Promise<Doc> {
  const media = (await client.invoke({
    _: 'messages.uploadMedia',
    peer: { _: 'inputPeerSelf' },
    media: { _: 'inputMediaUploadedDocument', file: file as never, mimeType: 'application/octet-stream', attributes: [] },
  })) as { document: Doc };
  return media.document;
}

/** A tgts client signed in as a new user of `server` (an imported key: no key exchange, no sign-in). */
async function signedIn(server: TestServer): Promise<{ client: Client; opts: ReturnType<TestServer['clientOptions']>; userId: number }> {
  const user = server.world!.seed.createUser({ firstName: 'Bench' });
  const opts = server.clientOptions();
  const key = newAuthKey();
  server.importAuthKey(key, { userId: user.id });
  const session = new MemorySession({ version: 1, dcId: opts.dcId, dcs: { [opts.dcId]: { host: opts.host, port: opts.port, authKey: key } }, user: { id: user.id, bot: false } });
  const client = new Client({ apiId: 1, apiHash: 'bench', dc: opts.dc, dcs: opts.dcs, publicKeys: opts.publicKeys, session, requestTimeout: 120_000 });
  await client.connect();
  return { client, opts, userId: user.id };
}

/** RSS while a file generated on the fly goes up from a generator and comes back as a stream; the server stores it on disk. */
async function streamRss(streamSize: number): Promise<BenchRow> {
  const dir = await mkdtemp(join(tmpdir(), 'tgts-bench-files-'));
  const server = await TestServer.start({ wsPort: false, dataDir: dir });
  const { client } = await signedIn(server);
  try {
    (globalThis as { gc?: () => void }).gc?.();
    const rssBase = process.memoryUsage().rss;
    let peakRss = rssBase;
    const sample = (): void => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    };
    async function* generated(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < streamSize; i += MiB) {
        sample();
        yield seededBytes(MiB, 77 + i / MiB);
      }
    }
    let t = performance.now();
    const bigFile = await client.files.upload(generated(), { name: 'stream.bin' });
    const upRate = streamSize / MiB / ((performance.now() - t) / 1000);
    const bigDoc = await asDocument(client, bigFile);
    let streamed = 0;
    t = performance.now();
    for await (const chunk of client.files.stream(bigDoc as never)) {
      streamed += chunk.length;
      sample();
    }
    const downRate = streamSize / MiB / ((performance.now() - t) / 1000);
    if (streamed !== streamSize) throw new Error(`streamed ${streamed} bytes`);
    return {
      name: `peak RSS: ${streamSize / MiB} MiB generated, uploaded from a generator, streamed back`,
      value: Number((peakRss / MiB).toFixed(0)),
      unit: 'MiB',
      note: `whole process incl. the in-process server (files on disk, SQLite commits per call); ${((peakRss - rssBase) / MiB).toFixed(0)} MiB above the start; up ${upRate.toFixed(0)} MiB/s, down ${downRate.toFixed(0)} MiB/s`,
      target: '≤ 200 MB',
      met: peakRss <= 200 * 1000 * 1000,
    };
  } finally {
    await client.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchRow[]> {
  const streamRow = await streamRss(Number(process.env.BENCH_FILES_STREAM_MB ?? 512) * MiB);
  const size = Number(process.env.BENCH_FILES_MB ?? 64) * MiB;
  const server = await TestServer.start({ wsPort: false });
  const { client, opts, userId } = await signedIn(server);
  const mtKey = newAuthKey();
  server.importAuthKey(mtKey, { userId });
  const rows: BenchRow[] = [];
  const data = seededBytes(size, 9);
  const mb = size / MiB;
  try {
    const { uploadFile, downloadAsBuffer } = await import('@mtcute/core/methods.js');
    const { Long } = await import('@mtcute/core');
    let mtcute: Awaited<ReturnType<typeof createMtcuteClient>> | undefined;
    let mtProblem: string | undefined;
    try {
      mtcute = await createMtcuteClient({ dcId: opts.dcId, host: opts.host, port: opts.port, authKey: mtKey });
      // mtcute's uploader reads the signed-in user (premium part limits) from its storage
      await mtcute.storage.self.store({ userId, isBot: false, isPremium: false, usernames: [] });
    } catch (error) {
      mtProblem = `not measured: ${(error as Error).message}`;
    }
    const up = { tgts: [] as number[], mtcute: [] as number[] };
    const down = { tgts: [] as number[], mtcute: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      let t = performance.now();
      const file = await client.files.upload(data, { name: 'bench.bin' });
      up.tgts.push(mb / ((performance.now() - t) / 1000));
      const doc = await asDocument(client, file);
      t = performance.now();
      const got = await client.files.download(doc as never);
      down.tgts.push(mb / ((performance.now() - t) / 1000));
      if (got.length !== size) throw new Error(`tgts downloaded ${got.length} bytes`);
      if (mtcute && !mtProblem) {
        try {
          t = performance.now();
          const uploaded = await uploadFile(mtcute, { file: data, fileSize: size, fileName: 'bench.bin' });
          up.mtcute.push(mb / ((performance.now() - t) / 1000));
          // mtcute's ids are Long: the same InputFile in tgts' bigint form
          const f = uploaded.inputFile as { _: string; id: { toString(): string }; parts: number; name: string; md5Checksum?: string };
          const mdoc = await asDocument(client, { ...f, id: BigInt(f.id.toString()) });
          const location = {
            _: 'inputDocumentFileLocation' as const,
            id: Long.fromString(mdoc.id.toString()),
            accessHash: Long.fromString(mdoc.accessHash.toString()),
            fileReference: mdoc.fileReference,
            thumbSize: '',
          };
          t = performance.now();
          const mgot = await downloadAsBuffer(mtcute, location, { fileSize: size, dcId: mdoc.dcId });
          down.mtcute.push(mb / ((performance.now() - t) / 1000));
          if (mgot.length !== size) throw new Error(`mtcute downloaded ${mgot.length} bytes`);
        } catch (error) {
          mtProblem = `failed: ${(error as Error).message}`;
        }
      }
    }
    const peer = (values: number[]): number | string => mtProblem ?? (values.length ? Number(median(values).toFixed(1)) : 'not measured');
    rows.push({ name: `upload ${mb} MiB (median of ${ROUNDS})`, value: Number(median(up.tgts).toFixed(1)), unit: 'MiB/s', mtcute: peer(up.mtcute) });
    rows.push({ name: `download ${mb} MiB (median of ${ROUNDS})`, value: Number(median(down.tgts).toFixed(1)), unit: 'MiB/s', mtcute: peer(down.mtcute) });
    await mtcute?.destroy();

  } finally {
    await client.close();
    await server.close();
  }
  rows.push(streamRow);
  return rows;
}

await runIfMain(import.meta.url, run);
