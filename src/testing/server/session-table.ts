/**
 * All sessions of one server, by (auth_key_id, session_id), with a global bound: past it the
 * least recently used session is forgotten (its client simply gets new_session_created again).
 * @module
 */
import type { ServerMessageKind } from '../../mtproto/index.js';
import type { AuthKeyRecord } from './auth-keys.js';
import { ServerSession } from './session.js';

/** Most sessions one server keeps. */
export const MAX_SESSIONS = 20_000;

function keyOf(authKeyId: bigint, sessionId: bigint): string {
  return `${authKeyId}:${sessionId}`;
}

/** Sessions of one server. */
export class SessionTable {
  // Map order = recency order: a used session is moved to the end.
  private readonly sessions = new Map<string, ServerSession>();

  constructor(private readonly nextMsgId: (kind: ServerMessageKind) => bigint) {}

  /** Existing session, or undefined. */
  get(authKeyId: bigint, sessionId: bigint): ServerSession | undefined {
    return this.sessions.get(keyOf(authKeyId, sessionId));
  }

  /** The session, created when new (`created` tells which). */
  touch(authKey: AuthKeyRecord, sessionId: bigint): { session: ServerSession; created: boolean } {
    const k = keyOf(authKey.id, sessionId);
    let session = this.sessions.get(k);
    const created = session === undefined || session.authKey !== authKey;
    if (!session || created) {
      session = new ServerSession(authKey, sessionId, this.nextMsgId);
    } else {
      this.sessions.delete(k);
    }
    this.sessions.set(k, session);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    return { session, created };
  }

  /** Forgets a session; true if it existed. */
  remove(authKeyId: bigint, sessionId: bigint): boolean {
    return this.sessions.delete(keyOf(authKeyId, sessionId));
  }

  /** Forgets every session of a key. */
  removeKey(authKeyId: bigint): void {
    for (const s of [...this.sessions.values()]) if (s.authKey.id === authKeyId) this.remove(s.authKey.id, s.sessionId);
  }

  /** Every session (snapshot). */
  all(): ServerSession[] {
    return [...this.sessions.values()];
  }

  get size(): number {
    return this.sessions.size;
  }
}
