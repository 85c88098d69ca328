/**
 * RPC throughput and latency against an in-process `TestServer` over loopback TCP: N = 1, 10, 100
 * concurrent callers of one cheap method (`help.getNearestDc`, answered by a custom handler) on one
 * client, for a fixed time each — tgts `Client` and mtcute's client against the same server.
 * Run alone: `node --import tsx bench/rpc.ts` (`BENCH_RPC_SECONDS` sets the time per library per cell, default 5).
 * @module
 */
import { TestServer } from './lib/built.js';
import { createMtcuteClient } from './lib/mtcute.js';
import { quantile } from './lib/stats.js';
import { runIfMain } from './lib/standalone.js';
import { clientWithKey, newAuthKey } from './lib/tgts-client.js';
import type { BenchRow } from './lib/types.js';

const CONCURRENCY = [1, 10, 100];
const NEAREST = { _: 'nearestDc', country: 'ZZ', thisDc: 2, nearestDc: 2 } as const;

interface Measure {
  callsPerSecond: number;
  latencies: number[];
  p50: number;
  p99: number;
  errors: number;
}

/** Keeps `callers` loops calling `call` for `ms` milliseconds; latencies in ms. */
async function drive(call: () => Promise<unknown>, callers: number, ms: number): Promise<Measure> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + ms;
  const loop = async (): Promise<void> => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        await call();
        latencies.push(performance.now() - t);
      } catch {
        errors++;
        if (errors > 1000) throw new Error('more than 1000 failed calls');
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, loop));
  const elapsed = performance.now() - start;
  return { callsPerSecond: (latencies.length * 1000) / elapsed, latencies, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), errors };
}

/** Rounds of one cell: median throughput, latency quantiles over every call of every round. */
function combine(rounds: readonly Measure[]): Measure {
  const latencies = rounds.flatMap((r) => r.latencies);
  const rates = rounds.map((r) => r.callsPerSecond).sort((a, b) => a - b);
  const callsPerSecond = rates.length % 2 ? rates[rates.length >> 1]! : (rates[rates.length / 2 - 1]! + rates[rates.length / 2]!) / 2;
  return { callsPerSecond, latencies, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), errors: rounds.reduce((s, r) => s + r.errors, 0) };
}

/**
 * The machine's speed drifts (shared CPU): each cell alternates the two libraries in short rounds
 * so both meet the same conditions, and reports the median round.
 */
const ROUNDS = 5;

export async function run(): Promise<BenchRow[]> {
  const seconds = Number(process.env.BENCH_RPC_SECONDS ?? 5);
  const ms = seconds * 1000;
  const server = await TestServer.start({ wsPort: false });
  server.handle('help.getNearestDc', () => NEAREST);
  const opts = server.clientOptions();
  const rows: BenchRow[] = [];
  const tgtsKey = newAuthKey();
  const mtKey = newAuthKey();
  server.importAuthKey(tgtsKey);
  server.importAuthKey(mtKey);
  const client = clientWithKey(opts, tgtsKey);
  let mtcute: Awaited<ReturnType<typeof createMtcuteClient>> | undefined;
  let mtcuteProblem: string | undefined;
  try {
    await client.connect();
    const tgtsCall = () => client.api.help.getNearestDc({});
    try {
      mtcute = await createMtcuteClient({ dcId: opts.dcId, host: opts.host, port: opts.port, authKey: mtKey });
      await mtcute.call({ _: 'help.getNearestDc' });
    } catch (err) {
      mtcuteProblem = `not comparable: ${(err as Error).message}`;
    }
    const mt = mtcute;
    const mtCall = mt ? () => mt.call({ _: 'help.getNearestDc' }) : undefined;
    // Warm-up of both (JIT, buffers) before anything is measured.
    await drive(tgtsCall, 10, 500);
    if (mtCall) await drive(mtCall, 10, 500);
    for (const n of CONCURRENCY) {
      const ourRounds: Measure[] = [];
      const theirRounds: Measure[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        ourRounds.push(await drive(tgtsCall, n, ms / ROUNDS));
        if (mtCall) theirRounds.push(await drive(mtCall, n, ms / ROUNDS));
      }
      const ours = combine(ourRounds);
      const theirs = mtCall ? combine(theirRounds) : undefined;
      const peer = (pick: (m: Measure) => number): number | string => (theirs ? pick(theirs) : (mtcuteProblem ?? 'not measured'));
      const errNote = ours.errors || theirs?.errors ? `errors: tgts ${ours.errors}, mtcute ${theirs?.errors ?? 0}` : undefined;
      const target = n === 100 && theirs ? { target: '≥ 1.5× mtcute', met: ours.callsPerSecond >= 1.5 * theirs.callsPerSecond } : {};
      rows.push({ name: `N=${n} callers: throughput`, value: ours.callsPerSecond, unit: 'calls/s', mtcute: peer((m) => m.callsPerSecond), ...target, ...(errNote ? { note: errNote } : {}) });
      rows.push({ name: `N=${n} callers: p50 latency`, value: ours.p50, unit: 'ms', mtcute: peer((m) => m.p50) });
      rows.push({ name: `N=${n} callers: p99 latency`, value: ours.p99, unit: 'ms', mtcute: peer((m) => m.p99) });
    }
    if (rows[0]) rows[0].note = [rows[0].note, `help.getNearestDc, one client, ${seconds} s per library per cell in ${ROUNDS} alternating rounds (median round), server in the same process, tgts from dist/`].filter(Boolean).join('; ');
  } finally {
    await client.close();
    await mtcute?.destroy();
    await server.close();
  }
  return rows;
}

await runIfMain(import.meta.url, run);
