/**
 * A fleet: many bot accounts, several processes, one PostgreSQL database. Each process
 * (`worker.ts`) competes for accounts through their leases, so an account runs in one process at
 * a time; the supervisor here kills processes at random (SIGKILL, no goodbye) and starts them
 * again, while a user writes to a group with every bot in it. A crashed process's accounts are
 * taken over once their lease expires, and the new holder's updates engine continues from the
 * position the old one saved, fetching what was sent meanwhile with `updates.getDifference`.
 *
 * The supervisor then checks the workers' reports: every message reached every bot (none lost),
 * a message reached a bot twice only when the first holder was killed before saving its position
 * (never within one holder, never after a clean hand-over), and no account was held by two
 * processes at once. Every process also dials from its own loopback address: if two ever used one
 * account's auth key at once, the server would answer `AUTH_KEY_DUPLICATED`, as Telegram does.
 *
 * Run it: `DATABASE_URL=postgres://… node --import tsx examples/fleet/main.ts` (the test runs it
 * against a throwaway PostgreSQL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
// Published package: `import { Client } from 'tgts'`, `import { TestCluster } from 'tgts/testing'`.
import { Client } from '../../src/index.js';
import { TestCluster } from '../../src/testing/index.js';
import { app, row, runIfMain, testCode } from '../lib/harness.js';
import { checkFleet, type Delivery, type FleetCheck, type Holding } from './check.js';
import type { WorkerConfig, WorkerEvent } from './worker.js';

export interface FleetOptions {
  databaseUrl: string;
  processes?: number;
  bots?: number;
  /** How many processes the supervisor kills (and restarts) in all. */
  kills?: number;
  /** Messages the user writes to the group (each one a new message for every bot). */
  events?: number;
  leaseTtlMs?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface FleetReport {
  /** Every `took`: an account taken over, with the position stored then and the server's. */
  took: Array<{ account: string; generation: number; storedPts: number | null; serverPts: number; by: string }>;
  /** Messages delivered, per account, in the order the supervisor heard of them (across processes). */
  deliveries: Map<string, Delivery[]>;
  /** The texts the user sent, in order (every bot should get each). */
  sent: string[];
  errors: Array<{ account: string; error: string; message: string; by: string }>;
  kills: number;
  /** The server's `pts` of every bot at the end. */
  finalPts: Map<string, number>;
  /** The verdict on the reports (see `check.ts`). */
  check: FleetCheck;
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
  for (const b of bots) world.bots.setPrivacy(b, false); // the bots see every message of the group
  const group = world.seed.createChat({ creator: owner, title: 'Fleet', members: bots });
  // the names are new per run: the database may hold a fleet of an earlier run (another server's keys)
  const run = Date.now().toString(36);
  const accounts = bots.map((b, i) => ({ account: `fleet-${run}.bot-${i}`, token: b.botToken! }));
  const { dc, dcs, publicKeys, testServers } = cluster.clientOptions();

  const report: Omit<FleetReport, 'check'> = { took: [], deliveries: new Map(), sent: [], errors: [], kills: 0, finalPts: new Map() };
  /** Who held which account when: from the workers' own clocks (one machine), a kill ends a holding. */
  const holdings: Holding[] = [];
  const killed = new Set<string>();
  const running = new Map<number, { child: ChildProcess; name: string }>();
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
    running.set(slot, { child, name: config.name });
    const by = config.name;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const e = JSON.parse(line) as WorkerEvent;
      switch (e.event) {
        case 'took':
          report.took.push({ account: e.account, generation: e.generation, storedPts: e.storedPts, serverPts: e.serverPts, by });
          holdings.push({ account: e.account, generation: e.generation, by, from: e.leasedAt, to: undefined });
          break;
        case 'message': {
          const list = report.deliveries.get(e.account) ?? [];
          list.push({ id: e.id, pts: e.pts, text: e.text, generation: e.generation, source: e.source, by });
          report.deliveries.set(e.account, list);
          break;
        }
        case 'released': {
          const h = holdings.find((x) => x.account === e.account && x.generation === e.generation);
          if (h) h.to = e.at;
          break;
        }
        case 'error':
          report.errors.push({ account: e.account, error: e.error, message: e.message, by });
      }
    });
  };
  /** True once every bot was handed every message sent so far. */
  const allDelivered = (): boolean =>
    accounts.every(({ account }) => {
      const texts = new Set((report.deliveries.get(account) ?? []).map((d) => d.text));
      return report.sent.every((t) => texts.has(t));
    });
  /**
   * True once no account's latest holder is a killed process: a holder killed after handling and before
   * saving leaves an older position in the store, and only a new holder's catch-up saves past it.
   */
  const noKilledHolder = (): boolean =>
    accounts.every(({ account }) => {
      const mine = holdings.filter((h) => h.account === account);
      const latest = mine.reduce<Holding | undefined>((a, h) => (a === undefined || h.generation > a.generation ? h : a), undefined);
      return latest !== undefined && !killed.has(latest.by);
    });

  const user = new Client({ ...app, ...cluster.clientOptions() });
  try {
    for (let slot = 0; slot < processes; slot++) start(slot, 0);
    await user.connect();
    await user.auth.user({ phone: owner.phone!, code: async () => testCode(owner.phone!) });
    // every account runs somewhere (and saved its first position) before the story starts (bounded: a stuck fleet fails here)
    for (let waited = 0; new Set(report.took.map((t) => t.account)).size < botCount; waited++) {
      if (waited > 1_200) throw new Error('the fleet did not take every account within a minute');
      await sleep(50);
    }
    let restarts = 0;
    for (let i = 0; i < events; i++) {
      const text = `fleet message ${i}`;
      await user.api.messages.sendMessage({ peer: { _: 'inputPeerChat', chatId: group.id }, message: text, randomId: BigInt(i + 1) });
      report.sent.push(text);
      if (report.kills < kills && (i + 1) % Math.max(1, Math.floor(events / kills)) === 0) {
        const slot = Math.floor(rnd() * processes);
        const victim = running.get(slot)!;
        killed.add(victim.name);
        victim.child.kill('SIGKILL');
        await new Promise((resolve) => victim.child.once('close', resolve)); // its last lines were read
        const died = Date.now();
        for (const h of holdings) if (h.by === victim.name && h.to === undefined) h.to = died;
        report.kills++;
        start(slot, ++restarts);
      }
      await sleep(20 + Math.floor(rnd() * 60));
    }
    log(row('events', `${events} messages to ${botCount} bots, ${report.kills} processes killed and restarted`));
    // a killed process's accounts wait for their leases to expire; then their new holders catch up and save (bounded)
    for (let waited = 0; !(allDelivered() && noKilledHolder()) && waited < Math.ceil((leaseTtlMs * 4 + 20_000) / 50); waited++) await sleep(50);
  } finally {
    await Promise.all(
      [...running.values()].map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('close', resolve));
      }),
    );
    await user.close();
    for (const [i, b] of bots.entries()) report.finalPts.set(accounts[i]!.account, world.updateBoxes.account(b.id).pts);
    await cluster.close();
  }
  const check = checkFleet({ accounts: accounts.map((a) => a.account), sent: report.sent, deliveries: report.deliveries, holdings, killed });
  log(row('handovers', `${report.took.length} takeovers of ${botCount} accounts`));
  log(row('delivered', `${check.delivered} messages (${check.viaDifference} fetched by getDifference), ${check.repeatedAfterKill} repeated after a kill`));
  log(row('problems', check.problems.length === 0 ? 'none' : check.problems.join('; ')));
  log(row('errors', String(report.errors.length)));
  return { ...report, check };
}

runIfMain(import.meta.url, async () => {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL to a PostgreSQL database the fleet may create its tgts_* tables in');
  const report = await main({ databaseUrl });
  if (report.check.problems.length > 0 || report.errors.length > 0) process.exitCode = 1;
});
