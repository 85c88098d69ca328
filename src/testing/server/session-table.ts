/**
 * All sessions of one server, by (auth_key_id, session_id), with a global bound: past it the
 * least recently used session is forgotten (its client simply gets new_session_created again).
 * Sessions left without a live connection expire after an idle period, so clients that went
 * away do not stay in the table forever.
 * @module
 */
import type { ServerMessageKind } from '../../mtproto/index.js';
import type { AuthKeyRecord } from './auth-keys.js';
import { ServerSession } from './session.js';

/** Most sessions one server keeps. */
export const MAX_SESSIONS = 20_000;
/** Default idle time after which a session without a live connection is forgotten, ms. */
export const DEFAULT_SESSION_IDLE_MS = 10 * 60_000;

/** Options of {@link SessionTable}. */
export interface SessionTableOptions {
  /** Server clock, ms. */
  now: () => number;
  /** Idle time after which a session without a live connection is forgotten, ms. */
  idleMs?: number;
}

function keyOf(authKeyId: bigint, sessionId: bigint): string {
  return `${authKeyId}:${sessionId}`;
}

/** Sessions of one server. */
export class SessionTable {
  // Map order = recency order: a used session is moved to the end.
  private readonly sessions = new Map<string, ServerSession>();
  /** Sessions per auth key id (pushes reach an account's sessions without a scan). */
  private readonly byKey = new Map<bigint, Set<ServerSession>>();
  private readonly now: () => number;
  readonly idleMs: number;
  private nextSweep = 0;

  constructor(
    private readonly nextMsgId: (kind: ServerMessageKind) => bigint,
    options: SessionTableOptions = { now: Date.now },
  ) {
    this.now = options.now;
    const idle = options.idleMs ?? DEFAULT_SESSION_IDLE_MS;
    if (!(idle > 0)) throw new RangeError(`session idle time must be > 0 ms, got ${idle}`);
    this.idleMs = idle;
  }

  /** Existing session, or undefined. */
  get(authKeyId: bigint, sessionId: bigint): ServerSession | undefined {
    return this.sessions.get(keyOf(authKeyId, sessionId));
  }

  /** The session, created when new (`created` tells which); marks it used now. */
  touch(authKey: AuthKeyRecord, sessionId: bigint): { session: ServerSession; created: boolean } {
    const now = this.now();
    if (now >= this.nextSweep) this.sweep(now);
    const k = keyOf(authKey.id, sessionId);
    let session = this.sessions.get(k);
    const created = session === undefined || session.authKey !== authKey;
    if (!session || created) {
      if (session) this.unindex(session);
      session = new ServerSession(authKey, sessionId, this.nextMsgId);
      this.sessions.set(k, session);
      let set = this.byKey.get(authKey.id);
      if (!set) {
        set = new Set();
        this.byKey.set(authKey.id, set);
      }
      set.add(session);
    } else if (session.lastUsed !== now) {
      // keep Map order = recency order (skipped within one millisecond: the order is already right)
      this.sessions.delete(k);
      this.sessions.set(k, session);
    }
    session.lastUsed = now;
    if (this.sessions.size > MAX_SESSIONS) this.delete(this.sessions.keys().next().value as string);
    return { session, created };
  }

  private unindex(session: ServerSession): void {
    const set = this.byKey.get(session.authKey.id);
    if (!set) return;
    set.delete(session);
    if (set.size === 0) this.byKey.delete(session.authKey.id);
  }

  private delete(k: string): boolean {
    const session = this.sessions.get(k);
    if (!session) return false;
    this.sessions.delete(k);
    this.unindex(session);
    return true;
  }

  /** Sessions of one auth key. */
  ofKey(authKeyId: bigint): Iterable<ServerSession> {
    return this.byKey.get(authKeyId) ?? [];
  }

  /**
   * Forgets sessions idle for longer than the idle time that have no live connection.
   * Runs by itself at most every quarter of the idle time (on the next incoming message).
   */
  sweep(now = this.now()): number {
    this.nextSweep = now + Math.max(1000, this.idleMs / 4);
    const cutoff = now - this.idleMs;
    let removed = 0;
    for (const [k, s] of this.sessions) {
      if (s.lastUsed > cutoff) break; // recency order: everything after is newer
      if (s.sink && !s.sink.closed) continue;
      this.delete(k);
      removed++;
    }
    return removed;
  }

  /** Forgets a session; true if it existed. */
  remove(authKeyId: bigint, sessionId: bigint): boolean {
    return this.delete(keyOf(authKeyId, sessionId));
  }

  /** Forgets every session of a key. */
  removeKey(authKeyId: bigint): void {
    for (const s of [...this.ofKey(authKeyId)]) this.remove(s.authKey.id, s.sessionId);
  }

  /** Every session (snapshot). */
  all(): ServerSession[] {
    return [...this.sessions.values()];
  }

  get size(): number {
    return this.sessions.size;
  }
}
