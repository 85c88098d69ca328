/**
 * What the temporary key keeper needs from its session (an interface, so the keeper stays
 * testable and the session keeps its internals private).
 * @module
 */
import type { AuthKeyResult, CreateAuthKeyOptions } from '../../exchange/index.js';
import type { MtprotoClock, MtprotoLogger } from '../clock.js';
import type { PendingTable } from '../pending.js';

export interface PfsHost {
  readonly clock: MtprotoClock;
  readonly logger: MtprotoLogger | undefined;
  /** The session's pending table (the bind request is answered through it). */
  readonly pending: PendingTable;
  /** RSA keys and DC of the key exchange. */
  exchangeOptions(): Omit<CreateAuthKeyOptions, 'tempExpiresIn'>;
  /** Takes over the first salt and the clock offset measured by a fresh key exchange. */
  adoptKey(created: AuthKeyResult): void;
  /** msg_id of the next outgoing message. */
  nextMsgId(): bigint;
  /** seqno of the next content-related message of the current session. */
  nextSeqNo(): number;
  /** Id of the current session. */
  sessionId(): bigint;
  /** Encrypts with the temporary key and sends; false when there is no usable connection. */
  transmit(msgId: bigint, seqNo: number, body: Uint8Array): boolean;
  /** Calls sent and not yet answered, internal service requests excluded. */
  inFlight(): number;
  /** Whether a connection is up. */
  connected(): boolean;
  /**
   * Holds new calls back, runs `drain`, drops the connection and connects again (which makes a
   * new temporary key). Returns false when a connection attempt is already under way.
   */
  restart(drain: () => Promise<void>): boolean;
  /** The server does not know the permanent key: drop it so the next connection creates one. */
  forgetPermKey(): void;
}
