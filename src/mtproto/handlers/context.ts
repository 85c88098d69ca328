/**
 * What a service-message handler may touch. The session implements it; handlers stay small
 * and testable, one per message kind (like the `handle_*.go` files of gotd/td).
 * @module
 */
import type { MtprotoLogger } from '../clock.js';
import type { InflateBudget } from '../gzip.js';
import type { PendingRequest, PendingTable } from '../pending.js';
import type { SaltManager } from '../salts.js';
import type { SeenMessageIds } from '../seen-ids.js';

/** An incoming message after decryption and msg_id checks. */
export interface IncomingMessage {
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
}

export interface HandlerContext {
  readonly pending: PendingTable;
  readonly salts: SaltManager;
  readonly seen: SeenMessageIds;
  readonly logger?: MtprotoLogger | undefined;
  /** Queues requests again; they leave with new msg_ids. `alone` keeps them out of containers. */
  resend(requests: PendingRequest[], alone?: boolean): void;
  /** Sends a service message (msgs_ack, msg_resend_req, msgs_state_info…); `onSent` learns its msg_id. */
  sendService(body: Uint8Array, contentRelated: boolean, onSent?: (msgId: bigint) => void): void;
  /** Acknowledges an incoming message now-ish (batched). */
  ack(msgId: bigint): void;
  /** Corrects the clock offset from a server msg_id; returns the new offset (seconds). */
  syncTime(serverMsgId: bigint): number;
  /** Starts a new session (new session_id, seqno from 0). */
  newSession(): void;
  /** Salt or offset changed: tell the owner so it can persist them. */
  persist(): void;
  /** Hands a non-service object to the owner (Updates and anything unknown). */
  emitUpdate(body: Uint8Array, budget?: InflateBudget): void;
  /** The msg_id of our pending msgs_state_req, mapped to the ids it asked about. */
  stateQuery(reqMsgId: bigint): bigint[] | undefined;
  /** Server clock (seconds), for salt validity. */
  serverNow(): number;
}
