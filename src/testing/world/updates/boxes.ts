/**
 * The update sequences (spec/updates.md §1): per account the common box (`pts`), the secondary box
 * (`qts`) and the `seq` of box-less containers; per channel its own `pts`. Every numbered event is kept
 * (one row each, bounded by the retention switches) so `getDifference` / `getChannelDifference` can replay
 * it; an event is stored as what happened (message id, read mark…) and rendered per viewer when sent.
 */
import type { Update } from '../../../tl/index.js';
import type { MessageSwitches } from '../messages/rules.js';
import type { PeerRef } from '../messages/types.js';
import type { TableSet, WorldTable } from '../tables.js';
import { BoxEventIndex } from './event-index.js';

/** Counters of one account. */
export interface AccountBox {
  pts: number;
  qts: number;
  seq: number;
  /** Last message id of the common box. */
  maxId: number;
  /** Events with pts ≤ floorPts were dropped: an older `pts` gets `differenceTooLong`. */
  floorPts: number;
  floorQts: number;
  /** Box-less updates kept so far (numbered or not: see {@link SeqEvent}). */
  logged: number;
  floorLogged: number;
}

/** Counters of one channel. */
export interface ChannelBox {
  pts: number;
  maxId: number;
  floorPts: number;
  /** Date of the newest event (the common difference names channels with news since its `date`). */
  lastDate: number;
}

/** One numbered event of a common or channel box (pts = state after it, count = pts units it spans). */
export type BoxEvent = { pts: number; count: number; date: number } & (
  | { kind: 'new'; id: number }
  | { kind: 'edit'; id: number }
  | { kind: 'delete'; ids: number[] }
  | { kind: 'readInbox'; peer: PeerRef; maxId: number; stillUnread: number }
  | { kind: 'readOutbox'; peer: PeerRef; maxId: number }
  | { kind: 'pin'; peer: PeerRef; ids: number[]; pinned: boolean }
);

/** What a box event records before it is numbered. */
export type NewBoxEvent = BoxEvent extends infer E ? (E extends BoxEvent ? Omit<E, 'pts' | 'count' | 'date'> : never) : never;

/** A qts event: the update as sent (qts updates are per account already). */
export interface QtsEvent {
  qts: number;
  date: number;
  update: Update;
}

/**
 * Box-less updates of one container, kept for `getDifference`: a container of only such updates took the
 * account's next `seq` (spec/updates.md §4.4); those riding along with pts updates have `seq` 0.
 */
export interface SeqEvent {
  seq: number;
  date: number;
  updates: Update[];
  users: number[];
  chats: number[];
}

/** Counters and event logs of every box. */
export class UpdateBoxes {
  private readonly accounts: WorldTable<AccountBox>;
  private readonly channels: WorldTable<ChannelBox>;
  private readonly events: WorldTable<BoxEvent>;
  private readonly qtsLog: WorldTable<QtsEvent>;
  private readonly seqLog: WorldTable<SeqEvent>;
  /** `events` by box in pts order; built from the rows on first use (they may have been loaded). */
  private eventIndex: BoxEventIndex | undefined;

  constructor(
    tables: TableSet,
    private readonly switches: MessageSwitches,
  ) {
    this.accounts = tables.define('accountBoxes');
    this.channels = tables.define('channelBoxes');
    this.events = tables.define('boxEvents');
    this.qtsLog = tables.define('qtsEvents');
    this.seqLog = tables.define('seqEvents');
  }

  /** Counters of an account (fresh: pts 1, qts 1, seq 0). Mutate through the methods below. */
  account(userId: number): Readonly<AccountBox> {
    return this.accounts.get(String(userId)) ?? { pts: 1, qts: 1, seq: 0, maxId: 0, floorPts: 1, floorQts: 1, logged: 0, floorLogged: 0 };
  }

  private writeAccount(userId: number, box: AccountBox): void {
    this.accounts.set(String(userId), box);
  }

  /** Counters of a channel (fresh: pts 1). */
  channel(channelId: number): Readonly<ChannelBox> {
    return this.channels.get(String(channelId)) ?? { pts: 1, maxId: 0, floorPts: 1, lastDate: 0 };
  }

  /** True when the channel has a box row (it had events). */
  hasChannel(channelId: number): boolean {
    return this.channels.has(String(channelId));
  }

  /** The next message id of an account's common box. */
  nextAccountMessageId(userId: number): number {
    const box = { ...this.account(userId) };
    box.maxId++;
    this.writeAccount(userId, box);
    return box.maxId;
  }

  /** The next message id of a channel. */
  nextChannelMessageId(channelId: number): number {
    const box = { ...this.channel(channelId) };
    box.maxId++;
    this.channels.set(String(channelId), box);
    return box.maxId;
  }

  /** Numbers and keeps an event of an account's common box; returns it with its pts. */
  addAccountEvent(userId: number, count: number, date: number, event: NewBoxEvent): BoxEvent {
    const box = { ...this.account(userId) };
    box.pts += count;
    const stored = { ...event, pts: box.pts, count, date } as BoxEvent;
    this.keep(`u${userId}`, stored);
    box.floorPts = this.prune(`u${userId}`, box.pts, box.floorPts, this.switches.commonRetention);
    this.writeAccount(userId, box);
    return stored;
  }

  /** Numbers and keeps an event of a channel box. */
  addChannelEvent(channelId: number, count: number, date: number, event: NewBoxEvent): BoxEvent {
    const box = { ...this.channel(channelId) };
    box.pts += count;
    box.lastDate = date;
    const stored = { ...event, pts: box.pts, count, date } as BoxEvent;
    this.keep(`c${channelId}`, stored);
    box.floorPts = this.prune(`c${channelId}`, box.pts, box.floorPts, this.switches.channelRetention);
    this.channels.set(String(channelId), box);
    return stored;
  }

  private index(): BoxEventIndex {
    this.eventIndex ??= BoxEventIndex.fromRows(this.events.entries());
    return this.eventIndex;
  }

  private keep(box: string, e: BoxEvent): void {
    this.index().push(box, e);
    this.events.set(`${box}:${e.pts}`, e);
  }

  /** Drops events older than the retention; returns the new floor. */
  private prune(prefix: string, pts: number, floor: number, retention: number): number {
    const target = pts - Math.max(1, retention);
    if (target <= floor) return floor;
    for (let p = floor + 1; p <= target; p++) this.events.delete(`${prefix}:${p}`);
    this.index().prune(prefix, target);
    return target;
  }

  /**
   * Events of a box with `from < pts ≤ to`, oldest first, stopping before the event that would bring the
   * pts units past `maxUnits` (at least one event is returned when there is one).
   */
  eventsAfter(box: `u${number}` | `c${number}`, from: number, to: number, maxUnits = Infinity): BoxEvent[] {
    return this.index().after(box, from, to, maxUnits);
  }

  /** Assigns the next qts of an account to the update `make` builds, and keeps it. */
  addQts(userId: number, date: number, make: (qts: number) => Update): Update {
    const box = { ...this.account(userId) };
    box.qts++;
    const update = make(box.qts);
    this.qtsLog.set(`${userId}:${box.qts}`, { qts: box.qts, date, update });
    const target = box.qts - Math.max(1, this.switches.qtsRetention);
    for (let q = box.floorQts + 1; q <= target; q++) this.qtsLog.delete(`${userId}:${q}`);
    if (target > box.floorQts) box.floorQts = target;
    this.writeAccount(userId, box);
    return update;
  }

  /** qts events with `from < qts ≤ to`, at most `max`. */
  qtsAfter(userId: number, from: number, to: number, max: number): QtsEvent[] {
    const out: QtsEvent[] = [];
    for (let q = Math.max(from, 0) + 1; q <= to && out.length < max; q++) {
      const e = this.qtsLog.get(`${userId}:${q}`);
      if (e) out.push(e);
    }
    return out;
  }

  /**
   * Keeps the box-less updates of a container; with `numbered` they take the account's next seq, which is
   * returned (else 0).
   */
  addBoxless(userId: number, date: number, numbered: boolean, updates: Update[], users: number[], chats: number[]): number {
    const box = { ...this.account(userId) };
    if (numbered) box.seq++;
    box.logged++;
    this.seqLog.set(`${userId}:${box.logged}`, { seq: numbered ? box.seq : 0, date, updates, users, chats });
    const target = box.logged - Math.max(1, this.switches.seqRetention);
    for (let s = box.floorLogged + 1; s <= target; s++) this.seqLog.delete(`${userId}:${s}`);
    if (target > box.floorLogged) box.floorLogged = target;
    this.writeAccount(userId, box);
    return numbered ? box.seq : 0;
  }

  /** Kept box-less updates dated `date` or later, oldest first. */
  boxlessSince(userId: number, date: number): SeqEvent[] {
    const box = this.account(userId);
    const out: SeqEvent[] = [];
    for (let s = box.logged; s > box.floorLogged; s--) {
      const e = this.seqLog.get(`${userId}:${s}`);
      if (!e) continue;
      if (e.date < date) break;
      out.push(e);
    }
    return out.reverse();
  }
}
