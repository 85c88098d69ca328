/**
 * Auth key exchange benchmark: complete client + server exchanges per second in one process,
 * over the in-memory packet pair and over loopback TCP (intermediate, plain and obfuscated).
 * Run alone with `node --import tsx bench/exchange.ts` (prints a Markdown table).
 */
import { pathToFileURL } from 'node:url';
import { generateRsaKeyPair } from '../src/testing/crypto/node-crypto.js';
import { createAuthKey } from '../src/exchange/index.js';
import { ServerKeyExchange } from '../src/exchange/server-side.js';
import type { ServerRsaKey } from '../src/exchange/server-side.js';
import { connect } from '../src/transport/index.js';
import { listen } from '../src/transport/server.js';
import type { PacketConnection } from '../src/transport/index.js';
import { createPacketPair } from '../test/helpers/packet-pair.js';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

/** Answers every packet on `conn` with a fresh server-side exchange. */
function serve(conn: PacketConnection, key: ServerRsaKey): void {
  const sx = new ServerKeyExchange({ keys: [key], dcId: 2 });
  conn.onPacket((packet) => {
    const step = sx.handlePacket(packet);
    if (step.reply) conn.send(step.reply);
  });
}

/** Repeats `once` for about `ms` milliseconds (after one warm-up run); returns runs per second. */
async function rate(once: () => Promise<void>, ms: number): Promise<{ perSecond: number; runs: number }> {
  await once();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await once();
    runs++;
  }
  return { perSecond: (runs * 1000) / (performance.now() - start), runs };
}

export async function run(durationMs = 3000): Promise<BenchRow[]> {
  const pair = generateRsaKeyPair();
  const key: ServerRsaKey = { privateKeyPem: pair.privateKeyPem, publicKey: pair.publicKey };
  const publicKeys = [pair.publicKey];
  const rows: BenchRow[] = [];

  for (const temp of [false, true]) {
    const r = await rate(async () => {
      const [c, s] = createPacketPair();
      serve(s, key);
      await createAuthKey(c, { publicKeys, dcId: 2, tempExpiresIn: temp ? 86400 : undefined });
      c.close();
    }, durationMs);
    rows.push({ name: `exchange, packet pair${temp ? ', temp key' : ''}`, value: r.perSecond, unit: 'exchanges/s', note: `${r.runs} runs, client+server in one thread` });
  }

  const listener = await listen({ host: '127.0.0.1', port: 0 }, (conn) => serve(conn, key));
  try {
    for (const obfuscated of [false, true]) {
      const r = await rate(async () => {
        const conn = await connect({ type: 'tcp', codec: 'intermediate', obfuscated, host: '127.0.0.1', port: listener.address.port, dcId: 2 });
        await createAuthKey(conn, { publicKeys, dcId: 2 });
        conn.close();
      }, durationMs);
      rows.push({
        name: `exchange, loopback TCP intermediate${obfuscated ? ' obfuscated' : ''}`,
        value: r.perSecond,
        unit: 'exchanges/s',
        note: `${r.runs} runs, includes connect`,
      });
    }
  } finally {
    await listener.close();
  }
  for (const row of [...rows]) rows.push({ name: `${row.name} (latency)`, value: 1000 / row.value, unit: 'ms/exchange' });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await run();
  console.log('| benchmark | value | unit | note |\n|---|---:|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.value.toFixed(1)} | ${r.unit} | ${r.note ?? ''} |`);
}
