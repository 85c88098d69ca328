/**
 * One process of the fleet (`examples/fleet/main.ts` starts several): it competes for the fleet's
 * bot accounts in one PostgreSQL database, runs each account it wins with a `Client` over a
 * `PostgresStorage`, and gives accounts back now and then so they move between processes.
 *
 * Per account it holds, it follows the account's updates state through the shared store: it
 * starts from the position the previous holder saved, applies pushed updates in `pts` order and
 * saves the new position after each. What it reports goes to stdout as JSON lines for the
 * fleet's supervisor: `took` (with the stored and the server's position), `applied`, `released`
 * and `error`.
 *
 * Run by main.ts as `worker.ts <json config>`.
 */
// Published package: `import { Client, SessionInUseError } from 'tgts'` and `import { PostgresStorage } from 'tgts/storage/postgres'`.
import pg from 'pg';
import { Client, SessionInUseError, type tl } from '../../src/index.js';
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

type Event =
  | { event: 'took'; account: string; generation: number; storedPts: number | null; serverPts: number }
  | { event: 'applied'; account: string; pts: number }
  | { event: 'released'; account: string }
  | { event: 'error'; account: string; error: string; message: string };

const say = (e: Event): void => void process.stdout.write(`${JSON.stringify(e)}\n`);
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

/** One held account: its client, and the position of its common updates box. */
interface Held {
  client: Client;
  storage: PostgresStorage;
  pts: number;
  /** Updates are applied one at a time, in order. */
  queue: Promise<void>;
}

async function take(config: WorkerConfig, pool: pg.Pool, account: string, token: string): Promise<Held | undefined> {
  const storage = new PostgresStorage({ pool, account, leaseTtlMs: config.leaseTtlMs, holder: config.name });
  try {
    await storage.open(); // the lease first: a busy account costs one query, no connection to Telegram
  } catch (error) {
    if (error instanceof SessionInUseError) return undefined;
    throw error;
  }
  const client = new Client({ apiId: 1, apiHash: 'tgts-fleet', ...config.server, localAddress: config.localAddress, storage });
  try {
    const signedIn = (await storage.account.get())?.user !== undefined;
    if (!signedIn) await client.auth.bot(token); // once per account for the whole fleet: later holders reuse the stored key
    const stored = await storage.updates.getCommon();
    const state = await client.api.updates.getState({});
    say({ event: 'took', account, generation: storage.leaseGeneration!, storedPts: stored?.pts ?? null, serverPts: state.pts });
    // the previous holder's position is where this one continues; a real updates engine would fetch the
    // gap with updates.getDifference (what happened while nobody held the account)
    const common = stored ?? { pts: state.pts, qts: state.qts, date: state.date, seq: state.seq };
    if (!stored) await storage.updates.setCommon(common);
    const held: Held = { client, storage, pts: Math.max(common.pts, state.pts), queue: Promise.resolve() };
    if (held.pts !== common.pts) await storage.updates.setCommon({ ...common, pts: held.pts });
    client.onUpdate((updates) => {
      held.queue = held.queue.then(() => apply(held, account, updates)).catch((error: unknown) => report(account, error));
    });
    return held;
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** Applies the `pts` updates of one push in order, saving the position after each. */
async function apply(held: Held, account: string, updates: tl.Updates): Promise<void> {
  const list = updates._ === 'updates' || updates._ === 'updatesCombined' ? updates.updates : updates._ === 'updateShort' ? [updates.update] : [];
  for (const update of list) {
    if (update._ !== 'updateNewMessage') continue;
    if (update.pts <= held.pts) continue; // already applied (a re-sent push)
    held.pts = update.pts;
    const common = await held.storage.updates.getCommon();
    await held.storage.updates.setCommon({ pts: held.pts, qts: common?.qts ?? 0, date: common?.date ?? 0, seq: common?.seq ?? 0 });
    say({ event: 'applied', account, pts: held.pts });
  }
}

function report(account: string, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  say({ event: 'error', account, error: e.name, message: e.message });
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
        await h.queue;
        await h.client.close();
        say({ event: 'released', account });
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
  for (const [account, h] of held) {
    await h.queue;
    await h.client.close();
    say({ event: 'released', account });
  }
  await pool.end();
}

await run(JSON.parse(process.argv[2]!) as WorkerConfig);
