/**
 * The state of one MTProto session that outlives its TCP connections: the key messages are
 * encrypted with, the session id, seqno, the replay window of incoming ids, the server salt and
 * the clock offset (https://core.telegram.org/mtproto/description#terminology).
 * @module
 */
import { randomBytes } from '../../crypto/index.js';
import type { MtprotoClock } from '../clock.js';
import { checkIncomingMsgId } from '../incoming-check.js';
import type { IncomingMsgIdVerdict } from '../incoming-check.js';
import { MessageIdGenerator } from '../message-id.js';
import { SeenMessageIds } from '../seen-ids.js';
import { SeqNoCounter } from '../seqno.js';
import { SaltManager } from './salts.js';

/** Incoming ids remembered for replay protection. */
const REPLAY_WINDOW = 4096;

function randomLong(): bigint {
  return new DataView(randomBytes(8).buffer).getBigInt64(0, true);
}

/** Options of {@link SessionState}. */
export interface SessionStateOptions {
  clock: MtprotoClock;
  salt?: bigint | undefined;
  timeOffset?: number | undefined;
}

/** Session id, seqno, ids, salts and replay window of one session (client side). */
export class SessionState {
  readonly clock: MtprotoClock;
  readonly ids: MessageIdGenerator;
  readonly salts: SaltManager;
  readonly seen = new SeenMessageIds(REPLAY_WINDOW);
  /** The key messages are encrypted with: the permanent key, or the temporary one with PFS. */
  key: Uint8Array | undefined;
  private session = randomLong();
  private seqNo = new SeqNoCounter();
  /**
   * Something of this session came from the server: it exists there. A later new_session_created
   * then means the server lost it (and what ran in it).
   */
  confirmed = false;
  /** Told when the salt or the clock offset changed (the owner persists them). One listener. */
  onChange: (() => void) | undefined;

  constructor(options: SessionStateOptions) {
    this.clock = options.clock;
    this.ids = new MessageIdGenerator({ side: 'client', now: () => this.clock.now(), timeOffset: options.timeOffset ?? 0 });
    this.salts = new SaltManager(options.salt ?? 0n);
  }

  /** Random 64-bit id of the current session. */
  get sessionId(): bigint {
    return this.session;
  }

  /** Seconds added to the local clock to get server time. */
  get timeOffset(): number {
    return this.ids.timeOffset;
  }

  /** The seqno counter of the current session. */
  get seq(): SeqNoCounter {
    return this.seqNo;
  }

  /** Server time, seconds. */
  serverNow(): number {
    return this.clock.now() / 1000 + this.ids.timeOffset;
  }

  /** Starts a new session: new id, seqno from 0, an empty replay window. */
  newSession(): void {
    this.session = randomLong();
    this.seqNo = new SeqNoCounter();
    this.seen.clear();
    this.confirmed = false;
  }

  /** Replaces the salt (bad_server_salt, new_session_created, a new key). */
  setSalt(salt: bigint): void {
    if (salt === this.salts.current) return;
    this.salts.set(salt);
    this.changed();
  }

  /** Adopts the clock offset measured by a key exchange. */
  setTimeOffset(seconds: number): void {
    if (seconds === this.ids.timeOffset) return;
    this.ids.timeOffset = seconds;
    this.changed();
  }

  /** Corrects the clock offset from a server msg_id (bad_msg_notification 16/17); returns it. */
  syncTime(serverMsgId: bigint): number {
    const offset = this.ids.syncWithServerMsgId(serverMsgId);
    this.changed();
    return offset;
  }

  /** Moves to the newest future salt valid now; true when the salt changed. */
  rotateSalt(): boolean {
    if (!this.salts.rotate(this.serverNow())) return false;
    this.changed();
    return true;
  }

  /** Checks an incoming msg_id (parity, time window, replays) and records it when `ok`. */
  checkIncoming(msgId: bigint): IncomingMsgIdVerdict {
    return checkIncomingMsgId(msgId, { side: 'client', now: this.clock.now(), timeOffset: this.ids.timeOffset, seen: this.seen });
  }

  private changed(): void {
    this.onChange?.();
  }
}
