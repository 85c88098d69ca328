/**
 * Storage backends side by side (memory, one JSON file, SQLite, PostgreSQL, Redis — the last two
 * against throwaway local servers started here): peers stored per second (batches of 100), peers
 * read per second (by id, one at a time), updates-state saves per second (one at a time, as the
 * updates engine saves), and the start-up of 1,000 accounts (open each storage and read what a
 * client reads on start: account, auth keys, updates state). Peers do the same through their own
 * session stores with different shapes, so no ratio is given.
 * Run alone: `node --import tsx bench/storage.ts` (`BENCH_STORAGE_ACCOUNTS` sets the 1,000).
 * @module
 */
import '../src/platform/node/install.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { FileStorage, MemoryStorage, SqliteStorage } from '../src/storage/index.js';
import { PostgresStorage } from '../src/storage/postgres/index.js';
import { RedisStorage } from '../src/storage/redis/index.js';
import type { PeerRecord, Storage } from '../src/storage/types.js';
import { startPostgres } from '../test/helpers/db/postgres.js';
import { startRedis } from '../test/helpers/db/redis.js';
import { runIfMain } from './lib/standalone.js';
import type { BenchRow } from './lib/types.js';

const ACCOUNTS = Number(process.env.BENCH_STORAGE_ACCOUNTS ?? 1_000);
const PEERS = 5_000;
const READS = 2_000;
const SAVES = 1_000;
const NOTE = 'not comparable: peers store sessions in other shapes';

function peer(i: number): PeerRecord {
  return { type: 'user', id: 1_000_000 + i, accessHash: BigInt(i) * 7919n, min: false, usernames: [`user_${i}`], updatedAt: 1_767_225_600 };
}

async function measure(backend: string, create: (account: number) => Storage, rows: BenchRow[]): Promise<void> {
  const storage = create(0);
  await storage.open();
  try {
    let t = performance.now();
    for (let i = 0; i < PEERS; i += 100) await storage.peers.put(Array.from({ length: 100 }, (_, j) => peer(i + j)));
    rows.push({ name: `${backend}: peers stored (batches of 100)`, value: Math.round(PEERS / ((performance.now() - t) / 1000)), unit: 'peers/s', mtcute: NOTE });
    t = performance.now();
    for (let i = 0; i < READS; i++) await storage.peers.get('user', 1_000_000 + ((i * 37) % PEERS));
    rows.push({ name: `${backend}: peers read (by id, one at a time)`, value: Math.round(READS / ((performance.now() - t) / 1000)), unit: 'reads/s', mtcute: NOTE });
    t = performance.now();
    for (let i = 0; i < SAVES; i++) await storage.updates.setCommon({ pts: i, qts: 0, date: 1_767_225_600 + i, seq: 0 });
    rows.push({ name: `${backend}: updates-state saves`, value: Math.round(SAVES / ((performance.now() - t) / 1000)), unit: 'saves/s', mtcute: NOTE });
  } finally {
    await storage.close();
  }
  // the accounts exist first (signed in, one key), then a process starts them all
  const key = { authKey: new Uint8Array(256).fill(7), salt: 1n, timeOffset: 0 };
  for (let a = 1; a <= ACCOUNTS; a++) {
    const s = create(a);
    await s.open();
    await s.authKeys.set(2, key);
    await s.account.set({ dcId: 2, user: { id: a, bot: true } });
    await s.updates.setCommon({ pts: 1, qts: 0, date: 1, seq: 0 });
    await s.close();
  }
  const t = performance.now();
  const opened: Storage[] = [];
  for (let a = 1; a <= ACCOUNTS; a += 50) {
    const batch = Array.from({ length: Math.min(50, ACCOUNTS - a + 1) }, (_, j) => create(a + j));
    await Promise.all(batch.map(async (s) => {
      await s.open();
      await Promise.all([s.account.get(), s.authKeys.list(), s.updates.getCommon()]);
    }));
    opened.push(...batch);
  }
  rows.push({ name: `${backend}: start-up of ${ACCOUNTS} accounts (open + read)`, value: Math.round(performance.now() - t), unit: 'ms', mtcute: NOTE });
  await Promise.all(opened.map((s) => s.close()));
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const memories = new Map<number, MemoryStorage>();
  await measure('memory', (a) => memories.get(a) ?? (memories.set(a, new MemoryStorage()), memories.get(a)!), rows);
  const dir = mkdtempSync(join(tmpdir(), 'tgts-bench-storage-'));
  const pgServer = await startPostgres();
  const redisServer = await startRedis();
  const pool = new pg.Pool({ connectionString: pgServer.url, max: 10 });
  const redis = new Redis(redisServer.url);
  try {
    await measure('file', (a) => new FileStorage(join(dir, `${a}.session`)), rows);
    await measure('SQLite', (a) => new SqliteStorage(join(dir, `${a}.sqlite`)), rows);
    await measure('PostgreSQL', (a) => new PostgresStorage({ pool, account: `bench-${a}` }), rows);
    await measure('Redis', (a) => new RedisStorage({ redis, account: `bench-${a}` }), rows);
  } finally {
    redis.disconnect();
    await pool.end();
    await pgServer.stop();
    await redisServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

await runIfMain(import.meta.url, run);
