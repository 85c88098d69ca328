/**
 * What the per-connection and per-message code needs from its server (kept as an interface so
 * those parts do not import the `TestServer` class).
 * @module
 */
import type { ServerAuthKeyResult, ServerKeyExchange } from '../../exchange/server-side.js';
import type { ServerMessageKind } from '../../mtproto/index.js';
import type { Updates } from '../../tl/index.js';
import type { AuthKeyStore } from './auth-keys.js';
import type { SkewedClock } from './clock.js';
import type { FaultInjector } from './faults.js';
import type { HandlerTable } from './handlers.js';
import type { KeyPresence } from './key-presence.js';
import type { ServerSession } from './session.js';
import type { SessionTable } from './session-table.js';

/** Where the server reports what it does (default: silent except errors of handlers). */
export interface ServerLogger {
  debug(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** Internal surface of one server. */
export interface ServerInternals {
  readonly dcId: number;
  readonly testMode: boolean;
  readonly clock: SkewedClock;
  readonly keys: AuthKeyStore;
  readonly sessions: SessionTable;
  readonly faults: FaultInjector;
  readonly handlers: HandlerTable;
  /** Where each auth key is connected from (`AUTH_KEY_DUPLICATED`). */
  readonly presence: KeyPresence;
  readonly logger: ServerLogger;
  nextMsgId(kind: ServerMessageKind): bigint;
  createKeyExchange(): ServerKeyExchange;
  onAuthKeyCreated(result: ServerAuthKeyResult): void;
  /** Cluster-wide update fan-out. */
  pushUpdates(userId: number, updates: Updates, exclude?: ServerSession): void;
  /**
   * Called once per executed call, before its answer is queued: with a data directory, commits the
   * world rows and key changes made so far together with the answer (`undefined`: dropped by
   * rpc_drop_answer) in one transaction.
   */
  commitCall(session: ServerSession, msgId: bigint, answer: Uint8Array | undefined): void;
}
