/**
 * One process of the fleet (`examples/fleet/main.ts` starts several): it competes for the fleet's
 * bot accounts in one PostgreSQL database, runs each account it wins with a `Client` over a
 * `PostgresStorage`, and gives accounts back now and then so they move between processes.
 *
 * Each account's updates come from the client's updates engine (`client.updates`), whose position
 * lives in the shared store: a new holder's engine starts where the previous holder's stopped and
 * asks `updates.getDifference` for everything sent while nobody held the account (a killed
 * process's lease has to expire first). What it reports goes to stdout as JSON lines for the
 * fleet's supervisor: `took` (with the stored and the server's position), `message` (every new
 * message the engine delivers), `released` and `error`.
 *
 * Run by main.ts as `worker.ts <json config>`.
 */
// Published package: `import { Client, SessionInUseError } from 'tgts'` and `import { PostgresStorage } from 'tgts/storage/postgres'`.
import pg from 'pg';
import { Client, SessionInUseError } from '../../src/index.js';
import { PostgresStorage } from '../../src/storage/postgres/index.js';
import type { TestServerClientOptions } from '../../src/testing/index.js';

export interface WorkerConfig {
  name: string;
  databaseUrl: string;
  /** Where the DCs are (the JSON-safe part of `TestCluster.clientOptions()`). */
  server: Pick<TestServerClientOptions, 'dc' | 'dcs' | 'publicKeys' | 'testServers'>;
  /** The address this process dials from (a different one per process, as on separate machines). */
  localAddress: string;
  accounts: Array<{ account: string; token: string }>;
  /** Accounts this process holds at most at once. */
  capacity: number;
  leaseTtlMs: number;
  seed: number;
}

/** What a worker reports (one JSON line each); `at` is `Date.now()` in the worker. */
export type WorkerEvent =
  | { event: 'took'; account: string; generation: number; storedPts: number | null; serverPts: number; leasedAt: number }
  | { event: 'message'; account: string; generation: number; id: number; pts: number | null; source: string; text: string }
  | { event: 'released'; account: string; generation: number; at: number }
  | { event: 'error'; account: string; error: string; message: string };

// Writes to a pipe are synchronous on Linux (Node's process.stdout), so a line is out of the process
// before the engine commits the position of the update it reports (see `take`).
const say = (e: WorkerEvent): void => void process.stdout.write(`${JSON.stringify(e)}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A small seeded generator (xorshift32): each process churns differently but reproducibly. */
function random(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** One held account. */
interface Held {
  client: Client;
  generation: number;
}

async function take(config: WorkerConfig, pool: pg.Pool, account: string, token: string): Promise<Held | undefined> {
  const storage = new PostgresStorage({ pool, account, leaseTtlMs: config.leaseTtlMs, holder: config.name });
  try {
    await storage.open(); // the lease first: a busy account costs one query, no connection to Telegram
  } catch (error) {
    if (error instanceof SessionInUseError) return undefined;
    throw error;
  }
  const leasedAt = Date.now();
  const generation = storage.leaseGeneration!;
  const client = new Client({ apiId: 1, apiHash: 'tgts-fleet', ...config.server, localAddress: config.localAddress, storage });
  try {
    const signedIn = (await storage.account.get())?.user !== undefined;
    if (!signedIn) await client.auth.bot(token); // once per account for the whole fleet: later holders reuse the stored key
    const stored = await storage.updates.getCommon();
    // The engine commits an update's position once its handlers returned, and saves it to the store
    // shortly after. This handler is synchronous (its report is written before it returns), so:
    // - a clean close saves every position it reported: the next holder repeats nothing;
    // - a process killed after reporting and before the save leaves an older position in the store,
    //   and the next holder's engine delivers those last updates again. Exactly once across a kill
    //   is impossible (handling and saving are two steps); at least once is what the store gives.
    client.updates.on('newMessage', ({ message, context }) => {
      if (message._ !== 'message') return;
      say({ event: 'message', account, generation, id: message.id, pts: context.pts ?? null, source: context.source, text: message.message });
    });
    client.updates.on('gap', (gap) => report(account, new Error(`updates gap in box ${String(gap.box)}: ${gap.fromPts} → ${gap.toPts}`)));
    client.updates.on('error', (error) => report(account, error));
    // start from the stored position (or the server's, the first time), catch up, and save where it is
    await client.updates.sync();
    const state = await client.api.updates.getState({});
    say({ event: 'took', account, generation, storedPts: stored?.pts ?? null, serverPts: state.pts, leasedAt });
    return { client, generation };
  } catch (error) {
    await client.close();
    throw error;
  }
}

function report(account: string, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  say({ event: 'error', account, error: e.name, message: e.message });
}

async function release(account: string, held: Held): Promise<void> {
  say({ event: 'released', account, generation: held.generation, at: Date.now() });
  await held.client.close(); // the engine saves its position, then the lease is freed
}

async function run(config: WorkerConfig): Promise<void> {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
  pool.on('error', () => undefined);
  const rnd = random(config.seed);
  const held = new Map<string, Held>();
  let stopping = false;
  process.once('SIGTERM', () => (stopping = true));
  while (!stopping) {
    // give an account back now and then, so accounts move between processes
    for (const [account, h] of held) {
      if (rnd() < 0.1) {
        held.delete(account);
        await release(account, h);
      }
    }
    const start = Math.floor(rnd() * config.accounts.length);
    for (let i = 0; i < config.accounts.length && held.size < config.capacity && !stopping; i++) {
      const { account, token } = config.accounts[(start + i) % config.accounts.length]!;
      if (held.has(account)) continue;
      try {
        const h = await take(config, pool, account, token);
        if (h) held.set(account, h);
      } catch (error) {
        report(account, error);
      }
    }
    await sleep(50 + Math.floor(rnd() * 100));
  }
  for (const [account, h] of held) await release(account, h);
  await pool.end();
}

await run(JSON.parse(process.argv[2]!) as WorkerConfig);
