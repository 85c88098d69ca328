/**
 * Durability of a test server (or cluster) with a data directory: every executed call commits,
 * in one SQLite transaction and before its answer leaves, the world rows changed so far, the auth
 * key changes (a key and the account it signs in as are saved together), the session's counters
 * and the call's answer (with the answers the session forgot since). State changed outside calls
 * (seeding, key creation) is committed at once or on the next turn of the event loop.
 * @module
 */
import type { AuthKeyRecord } from '../server/auth-keys.js';
import type { ServerLogger } from '../server/internals.js';
import type { ServerSession } from '../server/session.js';
import { MAX_SESSIONS_PER_KEY } from '../server/session-table.js';
import type { World } from '../world/index.js';
import type { TestServerStore } from './sqlite-store.js';

/** Most content messages a restored seqno counter is advanced by (a loop: bounded). */
const MAX_RESTORED_SEQNO = 1_000_000;

interface KeyChange {
  dcId: number;
  record: AuthKeyRecord;
  removed: boolean;
}

/** The commits of one data file. */
export class DurableState {
  private readonly keyChanges = new Map<string, KeyChange>();
  private flushQueued = false;
  private closed = false;
  private readonly unsubscribe: (() => void) | undefined;

  constructor(
    readonly store: TestServerStore,
    private readonly world: World | undefined,
    private readonly logger: Pick<ServerLogger, 'error'>,
  ) {
    if (world) {
      world.trackChanges();
      this.unsubscribe = world.onChange(() => this.scheduleFlush());
    }
  }

  /** Records an auth key change, committed with the next call (or flush). */
  noteKey(dcId: number, record: AuthKeyRecord, removed: boolean): void {
    if (this.closed) return;
    this.keyChanges.set(`${dcId}:${record.id}`, { dcId, record, removed });
    this.scheduleFlush();
  }

  /** Commits the world rows and key changes made so far together with a call's answer. */
  commitCall(dcId: number, session: ServerSession, msgId: bigint, answer: Uint8Array | undefined): void {
    if (this.closed) return;
    this.store.transaction(() => {
      this.writePending();
      this.store.saveSession(dcId, session.authKey.id, session.sessionId, {
        seqNoCount: session.seqNo.count,
        forgottenUpTo: session.messages.forgottenUpTo,
        lastUsed: Math.floor(session.lastUsed / 1000),
      }, MAX_SESSIONS_PER_KEY);
      this.store.saveAnswer(dcId, session.authKey.id, session.sessionId, msgId, answer, session.messages.drainForgotten());
    });
  }

  /** Commits what changed outside calls (key creation, seeding). */
  flush(): void {
    if (this.closed) return;
    try {
      this.store.transaction(() => this.writePending());
    } catch (err) {
      this.logger.error('could not save the test server state', err);
    }
  }

  private writePending(): void {
    if (this.world) {
      const rows = this.world.drainChanges();
      if (rows.length > 0) this.store.writeWorldRows(rows);
    }
    if (this.keyChanges.size === 0) return;
    for (const { dcId, record, removed } of this.keyChanges.values()) {
      if (removed) this.store.deleteAuthKey(dcId, record.id);
      else {
        this.store.saveAuthKey(dcId, record.id, {
          authKey: record.key,
          ...(record.userId !== undefined ? { userId: record.userId } : {}),
          ...(record.expiresAt !== undefined ? { expiresAt: record.expiresAt } : {}),
          ...(record.boundPermId !== undefined ? { boundPermId: record.boundPermId } : {}),
        });
      }
    }
    this.keyChanges.clear();
  }

  private scheduleFlush(): void {
    if (this.flushQueued || this.closed) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  /** A new in-memory session: restores what the file holds for it (counters, answers). */
  restoreSession(dcId: number, session: ServerSession): void {
    if (this.closed) return;
    session.messages.recordForgotten();
    const stored = this.store.loadSession(dcId, session.authKey.id, session.sessionId);
    if (!stored) return;
    session.announced = true; // the client's session goes on: no new_session_created
    for (let i = 0; i < Math.min(stored.seqNoCount, MAX_RESTORED_SEQNO); i++) session.seqNo.next(true);
    session.messages.forgottenUpTo = stored.forgottenUpTo;
    for (const a of stored.answers) session.messages.restore(a.msgId, a.body);
  }

  /** A session was forgotten (destroyed, idle, evicted): its stored copy goes too. */
  forgetSession(dcId: number, session: ServerSession): void {
    if (this.closed) return;
    try {
      this.store.deleteSession(dcId, session.authKey.id, session.sessionId);
    } catch (err) {
      this.logger.error('could not delete a stored session', err);
    }
  }

  /** Commits what is pending and stops; the store itself is closed by its owner. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.unsubscribe?.();
  }
}
