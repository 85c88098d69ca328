// Child of `bench/files-2g.ts`, run by plain `node --expose-gc` on the built package (no TypeScript
// loader: tsx's loader thread alone is ~35 MiB of RSS, which is not tgts'). One process holds the
// in-process TestServer (files on disk under a temporary `dataDir`) and a tgts client: a file generated
// on the fly goes up from an async generator and comes back through `client.files.stream`, checked
// chunk by chunk against the generator and discarded. Prints one JSON line: sizes, rates and the
// process' peak RSS (the kernel's high-water mark, `resourceUsage().maxRSS`).
// With `split`, the server runs in a child of its own (this file again, role `server`) and the figure is
// the client process alone; the server's peak is reported beside it.
// Usage: node --expose-gc bench/lib/stream-rss-child.mjs <MiB> [split]
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, MemorySession } from '../../dist/index.js';

const MiB = 1024 * 1024;
const size = Number(process.argv[2] ?? 2048) * MiB;

/** Chunk `i` of the generated file: its index in every word, so a misplaced chunk shows. */
function chunkOf(i) {
  const out = new Uint8Array(MiB);
  new Uint32Array(out.buffer).fill((i * 2654435761) >>> 0);
  return out;
}

const split = process.argv[3] === 'split';

/** The TestServer with its files under a temporary dataDir, a premium user and our key registered. */
async function startServer(authKey) {
  // imported here: a split run's client process loads only the client
  const { TestServer } = await import('../../dist/testing/index.js');
  const dir = await mkdtemp(join(tmpdir(), 'tgts-bench-2g-'));
  const server = await TestServer.start({ wsPort: false, dataDir: dir });
  // premium: a 2 GiB file is 4096 parts of 512 KiB, past the 4000 parts of other accounts
  const user = server.world.seed.createUser({ firstName: 'Bench', premium: true });
  server.importAuthKey(authKey, { userId: user.id });
  const o = server.clientOptions();
  const options = { dc: o.dc, dcs: o.dcs, publicKeys: o.publicKeys, dcId: o.dcId, host: o.host, port: o.port, userId: user.id };
  return { options, close: async () => (await server.close(), await rm(dir, { recursive: true, force: true })) };
}

if (process.argv[3] === 'server') {
  // the server half of a split run: started by the parent over IPC, closed when told
  process.once('message', async (msg) => {
    const server = await startServer(new Uint8Array(Buffer.from(msg.key, 'base64')));
    process.send({ options: server.options });
    process.once('message', async () => {
      await server.close();
      process.send({ peakRss: process.resourceUsage().maxRSS * 1024 }, () => process.exit(0));
    });
  });
} else {
  await runClient();
}

async function runClient() {
const authKey = new Uint8Array(randomBytes(256));
let serverChild;
let server;
if (split) {
  serverChild = fork(fileURLToPath(import.meta.url), [String(size / MiB), 'server'], { execArgv: ['--expose-gc'] });
  const ready = once(serverChild, 'message');
  serverChild.send({ key: Buffer.from(authKey).toString('base64') });
  server = { options: (await ready)[0].options, close: async () => {
    const done = once(serverChild, 'message');
    serverChild.send({ op: 'close' });
    return (await done)[0].peakRss;
  } };
} else server = await startServer(authKey);
const opts = server.options;
const session = new MemorySession({ version: 1, dcId: opts.dcId, dcs: { [opts.dcId]: { host: opts.host, port: opts.port, authKey } }, user: { id: opts.userId, bot: false } });
const client = new Client({ apiId: 1, apiHash: 'bench', dc: opts.dc, dcs: opts.dcs, publicKeys: opts.publicKeys, session, requestTimeout: 300_000 });
let serverPeakRss;
try {
  await client.connect();
  globalThis.gc?.();
  const baseRss = process.memoryUsage().rss;
  async function* generated() {
    for (let i = 0; i < size / MiB; i++) yield chunkOf(i);
  }
  let t = performance.now();
  const file = await client.files.upload(generated(), { name: 'stream.bin', premium: true });
  const upSeconds = (performance.now() - t) / 1000;
  const afterUpload = process.resourceUsage().maxRSS * 1024;
  const media = await client.invoke({
    _: 'messages.uploadMedia',
    peer: { _: 'inputPeerSelf' },
    media: { _: 'inputMediaUploadedDocument', file, mimeType: 'application/octet-stream', attributes: [] },
  });
  let streamed = 0;
  let index = 0;
  let same = true;
  t = performance.now();
  for await (const chunk of client.files.stream(media.document)) {
    // chunks are 1 MiB aligned here: compare the first word of each with what the generator made
    same &&= new DataView(chunk.buffer, chunk.byteOffset, 4).getUint32(0, true) === ((index++ * 2654435761) >>> 0);
    streamed += chunk.length;
  }
  const downSeconds = (performance.now() - t) / 1000;
  if (streamed !== size || !same) throw new Error(`streamed ${streamed} of ${size} bytes, in order: ${same}`);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  await client.close();
  serverPeakRss = await server.close();
  console.log(JSON.stringify({ size, split, baseRss, afterUpload, peakRss, serverPeakRss, upMiBps: size / MiB / upSeconds, downMiBps: size / MiB / downSeconds }));
} finally {
  await client.close();
  if (serverPeakRss === undefined) await server.close();
}
}
