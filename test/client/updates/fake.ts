/**
 * A fake world for unit tests of the updates engine: a manual clock (timers fire only when the test moves
 * time), a scripted invoker (answers per method, recorded requests), the real Tap, and the engine wired to
 * a MemoryStorage's `updates` repository.
 */
import { Tap } from '../../../src/client/tap.js';
import { ClientUpdates } from '../../../src/client/updates/index.js';
import type { UpdatesOptions, MessageEvent, DeleteMessagesEvent, GapEvent } from '../../../src/client/updates/index.js';
import { MemoryStorage } from '../../../src/storage/memory.js';
import type { AnyRequest, Message, Update, Updates } from '../../../src/tl/index.js';

/** Timers that fire only on {@link ManualClock.advance}. */
export class ManualClock {
  time = 1_000_000;
  private next = 1;
  readonly timers = new Map<number, { at: number; fn: () => void }>();
  now = (): number => this.time;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.next++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };
  /** Moves time and runs the timers due, in order. */
  advance(ms: number): void {
    this.time += ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= this.time).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) return;
      this.timers.delete(due[0]);
      due[1].fn();
    }
  }
}

type Answer = (request: AnyRequest) => unknown;

/** The engine over fakes. */
export function fakeEngine(options: UpdatesOptions = {}, state = { pts: 10, qts: 1, date: 100, seq: 0 }) {
  const clock = new ManualClock();
  const tap = new Tap((e) => {
    throw e;
  });
  const storage = new MemoryStorage();
  const requests: AnyRequest[] = [];
  const answers = new Map<string, Answer[]>();
  let inFlight = 0;
  let maxInFlight = 0;
  const pendingCalls: Array<() => void> = [];
  let manual = false;
  const invoke = async (request: AnyRequest): Promise<unknown> => {
    requests.push(request);
    if (request._ === 'updates.getState') return { _: 'updates.state', ...state, unreadCount: 0 };
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (manual) await new Promise<void>((r) => pendingCalls.push(r));
      const list = answers.get(request._);
      const answer = list && list.length > 1 ? list.shift()! : list?.[0];
      if (!answer) throw new Error(`no answer scripted for ${request._}`);
      return answer(request);
    } finally {
      inFlight--;
    }
  };
  const updates = new ClientUpdates(
    { invoke: (r) => invoke(r), tap, updates: storage.updates, self: async () => ({ id: 1, bot: false }), clock, report: (e) => errors.push(e) },
    { idleDifferenceMs: 0, ...options },
  );
  const errors: unknown[] = [];
  const news: MessageEvent[] = [];
  const edits: MessageEvent[] = [];
  const deletes: DeleteMessagesEvent[] = [];
  const gaps: GapEvent[] = [];
  const raw: Update[] = [];
  updates.on('newMessage', (e) => void news.push(e));
  updates.on('editMessage', (e) => void edits.push(e));
  updates.on('deleteMessages', (e) => void deletes.push(e));
  updates.on('gap', (g) => void gaps.push(g));
  updates.on('update', (u) => void raw.push(u));
  updates.on('error', (e) => void errors.push(e));
  return {
    clock,
    tap,
    storage,
    updates,
    requests,
    errors,
    news,
    edits,
    deletes,
    gaps,
    raw,
    get maxInFlight() {
      return maxInFlight;
    },
    /** Holds every scripted call until {@link release} (to count calls in flight). */
    holdCalls(): void {
      manual = true;
    },
    release(): number {
      const n = pendingCalls.length;
      for (const r of pendingCalls.splice(0)) r();
      return n;
    },
    answer(method: string, ...fns: Answer[]): void {
      answers.set(method, fns);
    },
    push(u: Updates): void {
      tap.pushed(u, { dcId: 2 });
    },
    result(request: AnyRequest, result: unknown): void {
      tap.result(request, result, { dcId: 2 });
    },
    ids: () => news.map((e) => e.message.id),
    methods: (name: string) => requests.filter((r) => r._ === name),
  };
}

/** Lets every queued promise continuation run. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

export const msg = (id: number, peer: { channelId?: number; userId?: number } = { userId: 2 }, text = `m${id}`): Message => ({
  _: 'message',
  id,
  peerId: peer.channelId !== undefined ? { _: 'peerChannel', channelId: peer.channelId } : { _: 'peerUser', userId: peer.userId! },
  fromId: { _: 'peerUser', userId: 2 },
  date: 100,
  message: text,
});

/** A pushed private message from user 2 (a known user: its container carries it). */
export const newMessage = (id: number, pts: number, count = 1): Updates => ({
  _: 'updates',
  updates: [{ _: 'updateNewMessage', message: msg(id), pts, ptsCount: count }],
  users: [{ _: 'user', id: 2, accessHash: 5n }],
  chats: [],
  date: 100,
  seq: 0,
});

export const channel = (id: number) => ({ _: 'channel' as const, id, accessHash: BigInt(id) * 7n, title: `c${id}`, photo: { _: 'chatPhotoEmpty' as const }, date: 1 });

export const channelMessage = (channelId: number, id: number, pts: number): Updates => ({
  _: 'updates',
  updates: [{ _: 'updateNewChannelMessage', message: msg(id, { channelId }), pts, ptsCount: 1 }],
  users: [],
  chats: [channel(channelId)] as unknown as Extract<Updates, { _: 'updates' }>['chats'],
  date: 100,
  seq: 0,
});
