/**
 * MTProto session benchmarks: the per-message primitives (msg ids, containers, envelope +
 * encryption) and end-to-end RPC throughput of MtprotoSession against the scripted in-memory
 * server (1000 concurrent calls, containers packed automatically).
 * Run alone with `node --import tsx bench/mtproto.ts` (prints a Markdown table).
 */
import { pathToFileURL } from 'node:url';
import { decryptMessage, encryptMessage, randomBytes } from '../src/crypto/index.js';
import {
  MessageIdGenerator,
  MtprotoSession,
  decodeEncryptedPlaintext,
  encodeEncryptedPlaintext,
  packContainer,
  unpackContainer,
} from '../src/mtproto/index.js';
import { ScriptedServer } from '../test/helpers/scripted-server.js';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

/** Runs `fn` repeatedly for about `ms` and returns operations per second. */
function opsPerSecond(fn: () => unknown, ms = 300): number {
  for (let i = 0; i < 100; i++) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    now = performance.now();
  }
  return (n / (now - start)) * 1000;
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const ids = new MessageIdGenerator({ side: 'client' });
  rows.push({ name: 'MessageIdGenerator.next', value: opsPerSecond(() => ids.next()), unit: 'ops/s' });

  const messages = Array.from({ length: 100 }, (_, i) => ({ msgId: BigInt(i * 4), seqNo: i * 2 + 1, body: randomBytes(64) }));
  const container = packContainer(messages);
  rows.push({ name: 'packContainer (100 × 64 B)', value: opsPerSecond(() => packContainer(messages)), unit: 'ops/s' });
  rows.push({ name: 'unpackContainer (100 × 64 B)', value: opsPerSecond(() => unpackContainer(container)), unit: 'ops/s' });

  const authKey = randomBytes(256);
  for (const size of [128, 16 * 1024]) {
    const body = randomBytes(size);
    const plain = { salt: 1n, sessionId: 2n, msgId: ids.next(), seqNo: 1, body };
    const packet = encryptMessage(authKey, encodeEncryptedPlaintext(plain), 'client');
    rows.push({
      name: `envelope + encrypt (${size} B body)`,
      value: opsPerSecond(() => encryptMessage(authKey, encodeEncryptedPlaintext(plain), 'client')),
      unit: 'ops/s',
    });
    rows.push({
      name: `decrypt + envelope (${size} B body)`,
      value: opsPerSecond(() => decodeEncryptedPlaintext(decryptMessage(authKey, packet, 'client'))),
      unit: 'ops/s',
    });
  }

  const server = new ScriptedServer();
  const session = new MtprotoSession({
    dcId: 2,
    dial: server.dial,
    publicKeys: [],
    authKey: server.authKey,
    salt: server.salt,
    initConnection: { apiId: 1, deviceModel: 'bench', systemVersion: 'node', appVersion: '1', systemLangCode: 'en', langPack: '', langCode: 'en' },
  });
  await session.start();
  await session.invoke({ _: 'help.getAppConfig', hash: 0 });
  const rounds = 5;
  const perRound = 1000;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    await Promise.all(Array.from({ length: perRound }, (_, hash) => session.invoke({ _: 'help.getAppConfig', hash })));
  }
  const elapsed = performance.now() - start;
  rows.push({
    name: 'RPC round trips, 1000 concurrent (in-memory server)',
    value: ((rounds * perRound) / elapsed) * 1000,
    unit: 'calls/s',
    note: 'client + scripted server in one process, both encrypting',
  });
  await session.close();
  return rows;
}

function table(rows: BenchRow[]): string {
  const lines = ['| benchmark | value | unit | note |', '|---|---:|---|---|'];
  for (const r of rows) lines.push(`| ${r.name} | ${Math.round(r.value).toLocaleString('en-US')} | ${r.unit} | ${r.note ?? ''} |`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(table(await run()));
}
