/**
 * Durability of a test server (or cluster) with a data directory: every executed call commits,
 * in one SQLite transaction and before its answer leaves, the world rows changed so far, the auth
 * key changes (a key and the account it signs in as are saved together), the session's counters
 * and the call's answer (with the answers the session forgot since). State changed outside calls
 * (seeding, key creation) is committed at once or on the next turn of the event loop.
 *
 * [I] Answers that are file bytes (`upload.file`, `upload.cdnFile`, `upload.webFile`: up to 1 MiB
 * each) are not written to the data file: those calls change nothing, so after a restart a re-sent
 * msg_id of one is simply served again from the stored file. Within one run the session's in-memory
 * table still re-sends the answer itself.
 * @module
 */
import type { AuthKeyRecord } from '../server/auth-keys.js';
import type { ServerLogger } from '../server/internals.js';
import type { ServerSession } from '../server/session.js';
import { MAX_SESSIONS_PER_KEY } from '../server/session-table.js';
import type { World } from '../world/index.js';
import type { TestServerStore } from './sqlite-store.js';

/** Constructor ids of the results that are file bytes (see the module comment); tests check them against the schema. */
export const UNSTORED_RESULT_IDS: ReadonlySet<number> = new Set([
  0x096a18d5, // upload.file
  0xa99fca4f, // upload.cdnFile
  0x21e753bc, // upload.webFile
]);

/** Offset of the result in an `rpc_result` body (constructor, req_msg_id). */
const RESULT_OFFSET = 12;

/** The answer as the data file keeps it: undefined for file bytes. */
export function durableAnswer(answer: Uint8Array | undefined): Uint8Array | undefined {
  if (answer === undefined || answer.length < RESULT_OFFSET + 4) return answer;
  const id = (answer[RESULT_OFFSET]! | (answer[RESULT_OFFSET + 1]! << 8) | (answer[RESULT_OFFSET + 2]! << 16) | (answer[RESULT_OFFSET + 3]! << 24)) >>> 0;
  return UNSTORED_RESULT_IDS.has(id) ? undefined : answer;
}

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

  /** Commits the world rows and key changes made so far together with a call's answer (file bytes excepted). */
  commitCall(dcId: number, session: ServerSession, msgId: bigint, answer: Uint8Array | undefined): void {
    if (this.closed) return;
    this.store.transaction(() => {
      this.writePending();
      this.store.saveSession(dcId, session.authKey.id, session.sessionId, {
        seqNoCount: session.seqNo.count,
        forgottenUpTo: session.messages.forgottenUpTo,
        lastUsed: Math.floor(session.lastUsed / 1000),
      }, MAX_SESSIONS_PER_KEY);
      this.store.saveAnswer(dcId, session.authKey.id, session.sessionId, msgId, durableAnswer(answer), session.messages.drainForgotten());
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
