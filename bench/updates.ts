/**
 * The updates engine, two ways. In process: pushed `updates` containers through `client.updates` (the
 * box checks, dedup, dispatch to a `newMessage` handler) in order and pairwise swapped (every other update
 * held once), `updates.getDifference` pages applied, and the memory of one channel box (10 000 tracked
 * channels); the invoker is a stub answering from memory, so these figures are the engine's own cost.
 * Side by side with mtcute's updates manager, which is bound to a connected client: both over TCP against
 * one TestServer (`updates-server.ts`). Run alone: `npm run build && node --import tsx bench/updates.ts`
 * (`BENCH_UPDATES_N` sets the messages per TCP round, default 3000).
 * @module
 */
import { Tap } from '../src/client/tap.js';
import { ClientUpdates } from '../src/client/updates/index.js';
import { platform } from '../src/platform/current.js';
import { MemoryStorage } from '../src/storage/memory.js';
import type { AnyRequest, Message, Updates } from '../src/tl/index.js';
import { runIfMain } from './lib/standalone.js';
import { serverRows } from './updates-server.js';
import { median } from './lib/stats.js';
import type { BenchRow } from './lib/types.js';

const message = (id: number): Message => ({ _: 'message', id, peerId: { _: 'peerUser', userId: 2 }, fromId: { _: 'peerUser', userId: 2 }, date: 1, message: 'hello' });
const push = (id: number, pts: number): Updates => ({
  _: 'updates',
  updates: [{ _: 'updateNewMessage', message: message(id), pts, ptsCount: 1 }],
  users: [],
  chats: [],
  date: 1,
  seq: 0,
});

async function engine(answer: (r: AnyRequest) => unknown = () => ({ _: 'updates.differenceEmpty', date: 1, seq: 0 })) {
  const tap = new Tap(() => undefined);
  const updates = new ClientUpdates(
    { invoke: async (r) => (r._ === 'updates.getState' ? { _: 'updates.state', pts: 1, qts: 0, date: 1, seq: 0, unreadCount: 0 } : answer(r)), tap, updates: new MemoryStorage().updates, self: async () => ({ id: 1, bot: false }), clock: platform().clock, report: () => undefined },
    { idleDifferenceMs: 0, holdMs: 60_000 },
  );
  let seen = 0;
  updates.on('newMessage', () => void seen++);
  await updates.start();
  return { tap, updates, seen: () => seen };
}

/** Pushed updates per second (in order, or swapped pairwise). */
async function pushed(n: number, swapped: boolean): Promise<number> {
  const e = await engine();
  const list = Array.from({ length: n }, (_, i) => push(i + 1, i + 2));
  if (swapped) for (let i = 0; i + 1 < n; i += 2) [list[i], list[i + 1]] = [list[i + 1]!, list[i]!];
  const start = performance.now();
  for (const u of list) e.tap.pushed(u, { dcId: 2 });
  const ms = performance.now() - start;
  if (e.seen() !== n) throw new Error(`delivered ${e.seen()} of ${n}`);
  await e.updates.close();
  return (n * 1000) / ms;
}

/** Updates per second applied from `updates.difference` pages of 1000 messages. */
async function difference(n: number): Promise<number> {
  const pages = Math.ceil(n / 1000);
  let page = 0;
  const e = await engine(() => {
    if (page >= pages) return { _: 'updates.differenceEmpty', date: 1, seq: 0 };
    const first = page * 1000;
    page++;
    const body = {
      newMessages: Array.from({ length: 1000 }, (_, i) => message(first + i + 1)),
      newEncryptedMessages: [],
      otherUpdates: [],
      chats: [],
      users: [],
    };
    const state = { _: 'updates.state', pts: 1 + page * 1000, qts: 0, date: 1, seq: 0, unreadCount: 0 };
    return page < pages ? { _: 'updates.differenceSlice', ...body, intermediateState: state } : { _: 'updates.difference', ...body, state };
  });
  const start = performance.now();
  e.tap.pushed({ _: 'updatesTooLong' }, { dcId: 2 });
  await e.updates.sync();
  const ms = performance.now() - start;
  if (e.seen() !== pages * 1000) throw new Error(`delivered ${e.seen()}`);
  await e.updates.close();
  return (pages * 1000 * 1000) / ms;
}

/** Bytes of heap per tracked channel box (10 000 channels, one update each). */
async function perChannel(channels: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const e = await engine();
  gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let c = 1; c <= channels; c++) {
    e.tap.pushed(
      {
        _: 'updates',
        updates: [{ _: 'updateNewChannelMessage', message: { ...message(1), peerId: { _: 'peerChannel', channelId: c } }, pts: 2, ptsCount: 1 }],
        users: [],
        chats: [],
        date: 1,
        seq: 0,
      },
      { dcId: 2 },
    );
  }
  await e.updates.sync();
  gc?.();
  const bytes = (process.memoryUsage().heapUsed - before) / channels;
  if (e.updates.channelCount !== channels) throw new Error('channels not tracked');
  await e.updates.close();
  return bytes;
}

export async function run(): Promise<BenchRow[]> {
  const why = 'n/a: stub invoker, engine alone (over TCP: the rows below)';
  const rows: BenchRow[] = [];
  const rounds = async (fn: () => Promise<number>, k = 5): Promise<number> => {
    const samples: number[] = [];
    for (let i = 0; i < k; i++) samples.push(await fn());
    return median(samples);
  };
  await pushed(20_000, false); // warm-up
  rows.push({ name: 'pushed updates, in order (box check + dispatch)', value: Math.round(await rounds(() => pushed(50_000, false))), unit: 'updates/s', mtcute: why });
  rows.push({ name: 'pushed updates, swapped pairwise (each other one held)', value: Math.round(await rounds(() => pushed(50_000, true))), unit: 'updates/s', mtcute: why });
  rows.push({ name: 'getDifference pages applied (1000 messages per page)', value: Math.round(await rounds(() => difference(50_000), 3)), unit: 'updates/s', mtcute: why });
  rows.push({ name: 'memory per channel box (10 000 channels)', value: Math.round(await perChannel(10_000)), unit: 'bytes', mtcute: why });
  rows.push(...(await serverRows(Number(process.env.BENCH_UPDATES_N ?? 3000), 5)));
  return rows;
}

await runIfMain(import.meta.url, run);
