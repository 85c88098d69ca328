/**
 * All sessions of one server, grouped by auth key. Every bound is per key: a key keeps at most
 * {@link MAX_SESSIONS_PER_KEY} sessions (its least recently used one is forgotten past that) and
 * one {@link KeyMessageBudget} for the messages its sessions remember. So no client — however
 * many sessions it opens with its own throwaway key — can evict another key's sessions or replay
 * windows; the number of keys is bounded by the key store. Sessions left without a live
 * connection expire after an idle period.
 * @module
 */
import type { ServerMessageKind } from '../../mtproto/index.js';
import type { AuthKeyRecord } from './auth-keys.js';
import { KeyMessageBudget } from './client-messages.js';
import { ServerSession } from './session.js';

/** Most sessions one auth key keeps. */
export const MAX_SESSIONS_PER_KEY = 64;
/** Default idle time after which a session without a live connection is forgotten, ms. */
export const DEFAULT_SESSION_IDLE_MS = 10 * 60_000;

/** Options of {@link SessionTable}. */
export interface SessionTableOptions {
  /** Server clock, ms. */
  now: () => number;
  /** Idle time after which a session without a live connection is forgotten, ms. */
  idleMs?: number;
  /** Told when a session is created (restore its durable state) or forgotten. */
  onCreated?: (session: ServerSession) => void;
  onForgotten?: (session: ServerSession, why: 'idle' | 'evicted' | 'destroyed') => void;
}

/** The sessions of one auth key. */
interface KeySessions {
  readonly key: AuthKeyRecord;
  /** Map order = recency order: a used session is moved to the end. */
  readonly sessions: Map<bigint, ServerSession>;
  readonly budget: KeyMessageBudget;
}

/** Sessions of one server. */
export class SessionTable {
  private readonly keys = new Map<bigint, KeySessions>();
  private readonly now: () => number;
  readonly idleMs: number;
  private nextSweep = 0;
  private count = 0;

  constructor(
    private readonly nextMsgId: (kind: ServerMessageKind) => bigint,
    private readonly options: SessionTableOptions = { now: Date.now },
  ) {
    this.now = options.now;
    const idle = options.idleMs ?? DEFAULT_SESSION_IDLE_MS;
    if (!(idle > 0)) throw new RangeError(`session idle time must be > 0 ms, got ${idle}`);
    this.idleMs = idle;
  }

  /** Existing session, or undefined. */
  get(authKeyId: bigint, sessionId: bigint): ServerSession | undefined {
    return this.keys.get(authKeyId)?.sessions.get(sessionId);
  }

  /** The session, created when new (`created` tells which); marks it used now. */
  touch(authKey: AuthKeyRecord, sessionId: bigint): { session: ServerSession; created: boolean } {
    const now = this.now();
    if (now >= this.nextSweep) this.sweep(now);
    let group = this.keys.get(authKey.id);
    if (group && group.key !== authKey) {
      // the key was replaced (same id, new record): its old sessions belong to the old record
      this.removeKey(authKey.id);
      group = undefined;
    }
    if (!group) {
      group = { key: authKey, sessions: new Map(), budget: new KeyMessageBudget() };
      this.keys.set(authKey.id, group);
    }
    let session = group.sessions.get(sessionId);
    const created = session === undefined;
    if (!session) {
      session = new ServerSession(authKey, sessionId, this.nextMsgId, group.budget);
      group.sessions.set(sessionId, session);
      this.count++;
      if (group.sessions.size > MAX_SESSIONS_PER_KEY) {
        const oldest = group.sessions.values().next().value as ServerSession;
        this.forget(group, oldest, 'evicted');
      }
      this.options.onCreated?.(session);
    } else if (session.lastUsed !== now) {
      // keep Map order = recency order (skipped within one millisecond: the order is already right)
      group.sessions.delete(sessionId);
      group.sessions.set(sessionId, session);
    }
    session.lastUsed = now;
    return { session, created };
  }

  private forget(group: KeySessions, session: ServerSession, why: 'idle' | 'evicted' | 'destroyed'): void {
    if (group.sessions.get(session.sessionId) !== session) return;
    group.sessions.delete(session.sessionId);
    this.count--;
    this.options.onForgotten?.(session, why);
    session.dispose();
    if (group.sessions.size === 0) this.keys.delete(group.key.id);
  }

  /**
   * Forgets sessions idle for longer than the idle time that have no live connection.
   * Runs by itself at most every quarter of the idle time (on the next incoming message).
   */
  sweep(now = this.now()): number {
    this.nextSweep = now + Math.max(1000, this.idleMs / 4);
    const cutoff = now - this.idleMs;
    let removed = 0;
    for (const group of [...this.keys.values()]) {
      for (const s of [...group.sessions.values()]) {
        if (s.lastUsed > cutoff) break; // recency order: everything after is newer
        if (s.sink && !s.sink.closed) continue;
        this.forget(group, s, 'idle');
        removed++;
      }
    }
    return removed;
  }

  /** Forgets a session (destroy_session); true if it existed. */
  remove(authKeyId: bigint, sessionId: bigint): boolean {
    const group = this.keys.get(authKeyId);
    const session = group?.sessions.get(sessionId);
    if (!group || !session) return false;
    this.forget(group, session, 'destroyed');
    return true;
  }

  /** Forgets every session of a key. */
  removeKey(authKeyId: bigint): void {
    const group = this.keys.get(authKeyId);
    if (!group) return;
    for (const s of [...group.sessions.values()]) this.forget(group, s, 'destroyed');
    this.keys.delete(authKeyId);
  }

  /** The sessions of one key (snapshot). */
  ofKey(authKeyId: bigint): ServerSession[] {
    return [...(this.keys.get(authKeyId)?.sessions.values() ?? [])];
  }

  /** Every session (snapshot). */
  all(): ServerSession[] {
    const out: ServerSession[] = [];
    for (const g of this.keys.values()) for (const s of g.sessions.values()) out.push(s);
    return out;
  }

  get size(): number {
    return this.count;
  }

  /** Auth keys with at least one session. */
  get keyCount(): number {
    return this.keys.size;
  }
}
