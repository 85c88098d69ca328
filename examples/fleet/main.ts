/**
 * A fleet: many bot accounts, several processes, one PostgreSQL database. Each process
 * (`worker.ts`) competes for accounts through their leases, so an account runs in one process at
 * a time; the supervisor here kills processes at random (SIGKILL, no goodbye) and starts them
 * again, while a user keeps the bots' updates flowing (members joining and leaving a group with
 * every bot in it). A crashed process's accounts are taken over once their lease expires, and
 * the new holder continues from the updates position the old one saved.
 *
 * Every process dials from its own loopback address: if two ever used one account's auth key at
 * once, the server would answer `AUTH_KEY_DUPLICATED`, as Telegram does.
 *
 * Run it: `DATABASE_URL=postgres://… node --import tsx examples/fleet/main.ts` (the test runs it
 * against a throwaway PostgreSQL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
// Published package: `import { Client } from 'tgts'`, `import { TestCluster } from 'tgts/testing'`.
import { Client } from '../../src/index.js';
import { TestCluster, inputPeer } from '../../src/testing/index.js';
import { app, row, runIfMain, testCode } from '../lib/harness.js';
import type { WorkerConfig } from './worker.js';

export interface FleetOptions {
  databaseUrl: string;
  processes?: number;
  bots?: number;
  /** How many processes the supervisor kills (and restarts) in all. */
  kills?: number;
  /** Membership changes the user makes (each one an update for every bot). */
  events?: number;
  leaseTtlMs?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface FleetReport {
  /** Every `took`: an account taken over, with the position stored then and the server's. */
  took: Array<{ account: string; generation: number; storedPts: number | null; serverPts: number; by: string }>;
  /** Updates applied, per account, in the order they were applied (across processes). */
  applied: Map<string, number[]>;
  errors: Array<{ account: string; error: string; message: string; by: string }>;
  kills: number;
  /** The server's `pts` of every bot at the end. */
  finalPts: Map<string, number>;
}

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function main(options: FleetOptions): Promise<FleetReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const processes = options.processes ?? 10;
  const botCount = options.bots ?? 30;
  const kills = options.kills ?? 10;
  const events = options.events ?? 60;
  const leaseTtlMs = options.leaseTtlMs ?? 3_000;
  let seed = options.seed ?? 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);

  const cluster = await TestCluster.start({ dcs: [1, 2] });
  const world = cluster.world!;
  const owner = world.seed.createUser({ firstName: 'Owner' });
  const bots = Array.from({ length: botCount }, (_, i) => world.seed.createUser({ firstName: `Bot ${i}`, bot: true }));
  const guest = world.seed.createUser({ firstName: 'Guest' });
  const group = world.seed.createChat({ creator: owner, title: 'Fleet', members: bots });
  const accounts = bots.map((b, i) => ({ account: `bot-${i}`, token: b.botToken! }));
  const { dc, dcs, publicKeys, testServers } = cluster.clientOptions();

  const report: FleetReport = { took: [], applied: new Map(), errors: [], kills: 0, finalPts: new Map() };
  const running = new Map<number, ChildProcess>();
  const start = (slot: number, generation: number): void => {
    const config: WorkerConfig = {
      name: `worker-${slot}.${generation}`,
      databaseUrl: options.databaseUrl,
      server: { dc, dcs, publicKeys, testServers },
      localAddress: `127.0.0.${10 + slot}`,
      accounts,
      capacity: Math.ceil(botCount / processes) + 1,
      leaseTtlMs,
      seed: (options.seed ?? 7) * 1000 + slot * 10 + generation,
    };
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
    running.set(slot, child);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const e = JSON.parse(line) as { event: string; account: string } & Record<string, unknown>;
      if (e.event === 'took') report.took.push({ account: e.account, generation: e.generation as number, storedPts: e.storedPts as number | null, serverPts: e.serverPts as number, by: config.name });
      else if (e.event === 'applied') {
        const list = report.applied.get(e.account) ?? [];
        list.push(e.pts as number);
        report.applied.set(e.account, list);
      } else if (e.event === 'error') report.errors.push({ account: e.account, error: e.error as string, message: e.message as string, by: config.name });
    });
  };

  const user = new Client({ ...app, ...cluster.clientOptions() });
  try {
    for (let slot = 0; slot < processes; slot++) start(slot, 0);
    await user.connect();
    await user.auth.user({ phone: owner.phone!, code: async () => testCode(owner.phone!) });
    // every account runs somewhere before the story starts (bounded: a stuck fleet fails here)
    for (let waited = 0; new Set(report.took.map((t) => t.account)).size < botCount; waited++) {
      if (waited > 1_200) throw new Error('the fleet did not take every account within a minute');
      await sleep(50);
    }
    const guestPeer = inputPeer(guest);
    const guestUser = { _: 'inputUser' as const, userId: guest.id, accessHash: guestPeer._ === 'inputPeerUser' ? guestPeer.accessHash : 0n };
    let restarts = 0;
    for (let i = 0; i < events; i++) {
      if (i % 2 === 0) await user.api.messages.addChatUser({ chatId: group.id, userId: guestUser, fwdLimit: 0 });
      else await user.api.messages.deleteChatUser({ chatId: group.id, userId: guestUser });
      if (report.kills < kills && (i + 1) % Math.max(1, Math.floor(events / kills)) === 0) {
        const slot = Math.floor(rnd() * processes);
        const victim = running.get(slot)!;
        victim.kill('SIGKILL');
        await new Promise((resolve) => victim.once('exit', resolve));
        report.kills++;
        start(slot, ++restarts);
      }
      await sleep(20 + Math.floor(rnd() * 60));
    }
    log(row('events', `${events} membership changes, ${report.kills} processes killed and restarted`));
    // let the last updates land, then stop every process cleanly
    await sleep(500);
  } finally {
    await Promise.all(
      [...running.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }),
    );
    await user.close();
    for (const [i, b] of bots.entries()) report.finalPts.set(`bot-${i}`, world.updateBoxes.account(b.id).pts);
    await cluster.close();
  }
  log(row('handovers', `${report.took.length} takeovers of ${botCount} accounts`));
  log(row('errors', String(report.errors.length)));
  return report;
}

runIfMain(import.meta.url, async () => {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL to a PostgreSQL database the fleet may create its tgts_* tables in');
  await main({ databaseUrl });
});
