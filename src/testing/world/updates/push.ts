/**
 * The last step of every push: applies the fault hooks (`faults.ts`) and hands the container to the
 * server (`ctx.pushUpdates` inside a call, `world.cluster.pushUpdates` outside one).
 */
import type { Chat, Update, Updates, User } from '../../../tl/index.js';
import { encode } from '../../../tl/index.js';
import type { RequestContext } from '../../context.js';
import type { World } from '../world.js';
import { applies, type UpdateFaults } from './faults.js';
import { channelOfUpdate } from './render.js';

/** How a push leaves. */
export interface PushOptions {
  /** Not to the calling session (its account's other sessions only). */
  excludeCaller: boolean;
  /** The full `updates` form of a short push (what a merge or a channel check reads). */
  full?: Updates;
}

type Send = (updates: Updates) => void;

interface Held {
  channelId: number;
  send: () => void;
  timer?: NodeJS.Timeout;
}

function updatesOf(u: Updates): Update[] {
  if (u._ === 'updates' || u._ === 'updatesCombined') return u.updates;
  if (u._ === 'updateShort') return [u.update];
  return [];
}

/** One merged container of several pushes (spec/updates.md §3.9). */
export function mergePushes(parts: Updates[], maxBytes: number): Updates {
  if (parts.some((p) => p._ === 'updatesTooLong')) return { _: 'updatesTooLong' };
  const updates: Update[] = [];
  const users = new Map<number, User>();
  const chats = new Map<number, Chat>();
  const seqs: number[] = [];
  let date = 0;
  for (const p of parts) {
    updates.push(...updatesOf(p));
    if (p._ === 'updates' || p._ === 'updatesCombined') {
      for (const u of p.users) users.set(u.id, u);
      for (const c of p.chats) chats.set(c.id, c);
      if (p._ === 'updates' && p.seq !== 0) seqs.push(p.seq);
      if (p._ === 'updatesCombined' && p.seq !== 0) seqs.push(p.seqStart, p.seq);
    }
    if ('date' in p) date = Math.max(date, p.date);
  }
  const merged: Updates = {
    _: 'updatesCombined',
    updates,
    users: [...users.values()],
    chats: [...chats.values()],
    date,
    seqStart: seqs.length > 0 ? Math.min(...seqs) : 0,
    seq: seqs.length > 0 ? Math.max(...seqs) : 0,
  };
  return encode(merged).length > maxBytes ? { _: 'updatesTooLong' } : merged;
}

/** Sends pushes through the fault hooks. */
export class UpdatePusher {
  private readonly held: Held[] = [];
  private readonly reorderHeld = new Map<number, { send: Send; updates: Updates; timer: NodeJS.Timeout }>();
  private readonly combining = new Map<number, { send: Send; parts: Updates[] }>();

  constructor(
    private readonly world: World,
    private readonly faults: UpdateFaults,
  ) {
    faults.onRelease = (channelId) => this.release(channelId);
  }

  /** Pushes `updates` to every session of `userId` (minus the caller's, with `excludeCaller`). */
  send(ctx: RequestContext | undefined, userId: number, updates: Updates, options: PushOptions): void {
    const f = this.faults;
    const send: Send = ctx
      ? (u) => ctx.pushUpdates(userId, u, { excludeCaller: options.excludeCaller })
      : (u) => this.world.cluster?.pushUpdates?.(userId, u);
    if (f.drop && applies(f.drop, userId) && f.drop.draw() < f.drop.fraction) {
      f.stats.dropped++;
      return;
    }
    let out = updates;
    if (f.take(f.tooLong, userId)) {
      f.stats.tooLong++;
      out = { _: 'updatesTooLong' };
    }
    const full = out === updates ? (options.full ?? out) : out;
    const channel = updatesOf(full).map(channelOfUpdate).find((c) => c !== undefined && f.channelDelays.has(c));
    if (channel !== undefined) {
      f.stats.delayed++;
      this.hold(channel, () => this.emit(send, userId, out, full));
      return;
    }
    this.emit(send, userId, out, full);
  }

  private hold(channelId: number, send: () => void): void {
    const ms = this.faults.channelDelays.get(channelId) ?? 0;
    const entry: Held = { channelId, send };
    if (Number.isFinite(ms)) {
      entry.timer = setTimeout(() => {
        const i = this.held.indexOf(entry);
        if (i >= 0) this.held.splice(i, 1);
        send();
      }, ms);
      entry.timer.unref?.();
    }
    this.held.push(entry);
  }

  private release(channelId: number | undefined): void {
    // one pass (thousands may be held): the released leave `held` before any of them is sent, in order
    const out: Held[] = [];
    const kept: Held[] = [];
    for (const h of this.held) (channelId === undefined || h.channelId === channelId ? out : kept).push(h);
    this.held.length = 0;
    for (const h of kept) this.held.push(h);
    for (const h of out) {
      if (h.timer) clearTimeout(h.timer);
      h.send();
    }
    if (channelId === undefined) {
      for (const [userId, r] of [...this.reorderHeld]) {
        clearTimeout(r.timer);
        this.reorderHeld.delete(userId);
        r.send(r.updates);
      }
    }
  }

  private emit(send: Send, userId: number, updates: Updates, full: Updates): void {
    const f = this.faults;
    if (applies(f.combineFor, userId)) {
      let pending = this.combining.get(userId);
      if (!pending) {
        const created = { send, parts: [] as Updates[] };
        pending = created;
        this.combining.set(userId, created);
        setImmediate(() => {
          this.combining.delete(userId);
          f.stats.combined++;
          this.deliver(created.send, userId, mergePushes(created.parts, this.world.messageSwitches.combinedMaxBytes));
        });
      }
      pending.parts.push(full);
      return;
    }
    this.deliver(send, userId, updates);
  }

  private deliver(send: Send, userId: number, updates: Updates): void {
    const f = this.faults;
    if (applies(f.reorderFor, userId)) {
      const held = this.reorderHeld.get(userId);
      if (held) {
        clearTimeout(held.timer);
        this.reorderHeld.delete(userId);
        f.stats.reordered++;
        this.sendOnce(send, userId, updates);
        this.sendOnce(held.send, userId, held.updates);
        return;
      }
      const timer = setTimeout(() => {
        this.reorderHeld.delete(userId);
        this.sendOnce(send, userId, updates);
      }, f.reorderFor?.holdMs ?? 50);
      timer.unref?.();
      this.reorderHeld.set(userId, { send, updates, timer });
      return;
    }
    this.sendOnce(send, userId, updates);
  }

  private sendOnce(send: Send, userId: number, updates: Updates): void {
    send(updates);
    if (applies(this.faults.duplicateFor, userId)) {
      this.faults.stats.duplicated++;
      send(updates);
    }
  }
}
