/**
 * Options and public types of {@link MtprotoSession} (docs/design/contracts.md §4).
 * @module
 */
import type { RsaPublicKey } from '../crypto/index.js';
import type { AnyRequest, ResultOf } from '../tl/index.js';
import type { PacketConnection } from '../transport/index.js';
import type { ReconnectPolicy } from './backoff.js';
import type { MtprotoClock, MtprotoLogger } from './clock.js';
import type { MtprotoSessionState } from './setup/connector.js';
import type { InitConnectionParams } from './setup/init-connection.js';
import type { PfsOptions } from './setup/pfs/index.js';

/** Key material worth persisting. */
export interface MtprotoKeyState {
  authKey: Uint8Array;
  salt: bigint;
  timeOffset: number;
}

/** Options of {@link MtprotoSession}. */
export interface MtprotoSessionOptions {
  dcId: number;
  testMode?: boolean | undefined;
  media?: boolean | undefined;
  /**
   * Opens one transport connection (proxies live in here); called on start and on every
   * reconnect. `signal` aborts the attempt (its deadline passed, or the session closed).
   */
  dial: (signal: AbortSignal) => Promise<PacketConnection>;
  /** Server RSA keys for creating an auth key when none is given. */
  publicKeys: RsaPublicKey[];
  authKey?: Uint8Array | undefined;
  salt?: bigint | undefined;
  /** Seconds to add to the local clock to get server time. */
  timeOffset?: number | undefined;
  initConnection: InitConnectionParams;
  /** Called when the key, salt or time offset changes (persist them). */
  onKey?(state: MtprotoKeyState): void;
  /** Updates and any other unsolicited object, decoded. */
  onUpdate?(updates: unknown): void;
  onStateChange?(state: MtprotoSessionState): void;
  /** Keepalive interval, ms (default 60 000); the server drops us after interval + 15 s of silence. */
  pingIntervalMs?: number | undefined;
  /** Default time budget of a call, ms (default none; `invoke(…, { timeout | deadline })` overrides). */
  requestTimeoutMs?: number | undefined;
  /**
   * Limit of one connection attempt — dial, key exchange and binding the temporary key —, ms
   * (default 15 000). A silent server costs one of these per attempt.
   */
  handshakeTimeoutMs?: number | undefined;
  reconnect?: ReconnectPolicy | undefined;
  /** Most unsettled calls at once (default 16 384); beyond it `invoke` rejects at once. */
  maxPendingRequests?: number | undefined;
  logger?: MtprotoLogger | undefined;
  clock?: MtprotoClock | undefined;
  /**
   * Perfect Forward Secrecy (default off): messages are encrypted with temporary keys (never
   * passed to `onKey`) bound to the permanent key and renewed before they expire.
   * https://core.telegram.org/api/pfs
   */
  pfs?: PfsOptions | undefined;
}

/**
 * Result type of {@link MtprotoSession.invoke}: `ResultOf<R>` for a concrete request, `unknown`
 * when the caller only knows it has "some request" (computing ResultOf over the whole union is
 * too deep for the compiler).
 */
export type InvokeResult<R extends AnyRequest> = AnyRequest extends R ? unknown : ResultOf<R>;

/** Bounds of {@link MtprotoSession.invoke} and {@link MtprotoSession.start}. */
export interface MtprotoInvokeOptions {
  signal?: AbortSignal | undefined;
  /** Absolute time (session clock, ms) by which the call must settle. */
  deadline?: number | undefined;
  /** Time budget, ms, turned into a deadline on entry; 0 or Infinity disables it. */
  timeout?: number | undefined;
}
