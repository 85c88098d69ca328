/**
 * Transport benchmarks: codec framing throughput (encode + streaming decode), obfuscation cost, and
 * loopback TCP / WebSocket echo throughput. Run alone with `node --import tsx bench/transport.ts`.
 */
import { pathToFileURL } from 'node:url';
import { CODEC_NAMES, connect, createCodec, createObfuscatedInit, parseObfuscatedInit, type CodecName, type PacketConnection } from '../src/transport/index.js';
import { listen, listenWebSocket } from '../src/transport/server.js';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

function shaped(size: number): Uint8Array {
  const p = new Uint8Array(size);
  for (let i = 0; i < size; i++) p[i] = (i * 31 + 7) & 0xff;
  p[0] = 1; // non-zero auth_key_id: encrypted shape (24 + 16k bytes)
  return p;
}

/** Frames and decodes `count` payloads of `size` bytes, returns MB/s of payload. */
function codecThroughput(name: CodecName, size: number, obfuscated: boolean): number {
  const payload = shaped(size);
  const count = Math.max(200, Math.floor((64 * 1024 * 1024) / size));
  const enc = createCodec(name, { side: 'client' });
  const dec = createCodec(name, { side: 'server' });
  const client = obfuscated ? createObfuscatedInit({ protocolTag: enc.protocolTag!, dcId: 2 }) : undefined;
  const server = client ? parseObfuscatedInit(client.header) : undefined;
  const start = process.hrtime.bigint();
  let got = 0;
  for (let i = 0; i < count; i++) {
    let wire = enc.encode(payload);
    if (client && server) wire = server.decrypt.update(client.encrypt.update(wire));
    got += dec.push(wire).length;
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  if (got !== count) throw new Error(`decoded ${got}/${count}`);
  return (size * count) / secs / 1e6;
}

async function echoThroughput(type: 'tcp' | 'websocket', codec: CodecName, obfuscated: boolean, size: number, count: number): Promise<number> {
  const l = await (type === 'tcp' ? listen : listenWebSocket)({}, (c) => c.onPacket((p) => c.send(p)));
  let conn: PacketConnection | undefined;
  try {
    conn = await connect({ type, codec, obfuscated, host: '127.0.0.1', port: l.address.port, dcId: 2 });
    const payload = shaped(size);
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      let got = 0;
      conn!.onPacket(() => {
        if (++got === count) resolve();
      });
      conn!.onClose((err) => reject(err ?? new Error('closed')));
      for (let i = 0; i < count; i++) conn!.send(payload);
    });
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    return (size * count) / secs / 1e6;
  } finally {
    conn?.close();
    await l.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of [1048 /* ~1 KiB */, 65560 /* ~64 KiB */]) {
    for (const name of CODEC_NAMES) {
      rows.push({ name: `codec ${name} ${size} B encode+decode`, value: codecThroughput(name, size, false), unit: 'MB/s' });
      if (name !== 'full') {
        rows.push({ name: `codec ${name} ${size} B encode+obfuscate+decode`, value: codecThroughput(name, size, true), unit: 'MB/s' });
      }
    }
  }
  for (const type of ['tcp', 'websocket'] as const) {
    rows.push({
      name: `${type} echo intermediate obfuscated 1 MiB x 64`,
      value: await echoThroughput(type, 'intermediate', true, 1048584, 64),
      unit: 'MB/s',
      note: 'payload bytes one way; loopback round trip',
    });
    rows.push({
      name: `${type} echo abridged 1 KiB x 20000`,
      value: await echoThroughput(type, 'abridged', false, 1048, 20000),
      unit: 'MB/s',
    });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await run();
  console.log('| benchmark | value | unit |\n|---|---:|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.value.toFixed(1)} | ${r.unit} |`);
}
