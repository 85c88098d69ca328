/**
 * What a client persists between runs, and the storage interface that keeps it.
 *
 * @module
 */

/** Per-DC state: address, auth key, server salt and clock offset. */
export interface DcSession {
  /** IP address or host name of the DC. */
  host?: string;
  /** TCP port, 1–65535. */
  port?: number;
  /** The 2048-bit permanent auth key (exactly 256 bytes). */
  authKey?: Uint8Array;
  /** Last known server salt (signed 64-bit). */
  salt?: bigint;
  /** Server time minus local time, seconds. */
  timeOffset?: number;
}

/** Everything a client needs to resume without logging in again. */
export interface SessionData {
  /** Format version; only 1 exists. */
  version: 1;
  /** Primary DC (where the account lives). */
  dcId: number;
  /** True for Telegram's test environment. */
  testMode?: boolean;
  /** Known DCs by id. */
  dcs: Record<number, DcSession>;
  /** The logged-in account, once authorized. */
  user?: { id: number; bot: boolean };
}

/**
 * Asynchronous session storage. `load` resolves `undefined` for a fresh session; `save`
 * replaces the whole stored state; `close` releases files and locks.
 */
export interface SessionStorage {
  load(): Promise<SessionData | undefined>;
  save(data: SessionData): Promise<void>;
  close?(): Promise<void>;
}
