/**
 * Options and public shapes of {@link TestServer}.
 * @module
 */
import type { RsaPublicKey } from '../../crypto/index.js';
import type { World } from '../world/index.js';
import type { MessageSwitches } from '../world/messages/rules.js';
import type { ServerClock } from './clock.js';
import type { ServerLogger } from './internals.js';

/** Options of `TestServer.start`. */
export interface TestServerOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** TCP port; default: a free one. */
  port?: number;
  /** WebSocket port; default: a free one. `false` disables WebSocket. */
  wsPort?: number | false;
  /** Also serve the HTTP transport (`POST /api`, long polling) on this port (0: a free one); default off. */
  httpPort?: number | false;
  /** DC id; default 2. */
  dcId?: number;
  /** RSA key pair (PEM private key); default: loaded from `dataDir`, else generated. */
  rsaKey?: { privateKeyPem: string };
  /** Directory of the SQLite data file (`tgts-testserver.db`); default: memory only. */
  dataDir?: string;
  /** Wall clock in ms (injectable in tests). */
  clock?: ServerClock;
  /** World to serve; default: a new one (restored from `dataDir` when present). */
  world?: World;
  /** Install the world's handlers (default true). */
  installWorld?: boolean;
  /**
   * Messaging and updates switches of the world the server creates (ignored with `world`): limits, update
   * retention (`commonRetention`, `channelRetention`: how old a gap may be before `differenceTooLong`),
   * difference slices, bot response timeout — see `MessageSwitches`.
   */
  messages?: Partial<MessageSwitches>;
  /** Clients use test-DC numbering (dc id + 10000 in the key exchange and obfuscated init). Default false. */
  testMode?: boolean;
  /** Lifetime of one server salt, seconds (default 3600). */
  saltPeriodSeconds?: number;
  /** Diagnostics; default: silent except handler crashes (console.error). */
  logger?: Partial<ServerLogger>;
  /** Largest transport frame accepted, bytes (default the transport's 8 MiB). */
  maxFrameSize?: number;
  /**
   * Largest frame accepted unless it starts with an auth_key_id this server knows, bytes (default
   * 16 KiB): unencrypted key-exchange messages are small, so a peer without a key cannot make the
   * server buffer large frames. A refused frame of an unknown key gets transport error −404.
   */
  maxPreKeyFrameSize?: number;
  /** Most connections open at once per listener (TCP, WebSocket), counting ones still sending their init; default 4096. */
  maxConnections?: number;
  /** A connection must finish a key exchange or send a packet of a known key within this time, ms (default 30 s). */
  handshakeTimeoutMs?: number;
  /** A connection without a complete packet for this long is closed, ms (default 5 minutes; clients ping every minute). */
  idleTimeoutMs?: number;
  /**
   * A session without a live connection is forgotten after this much idle time, ms (default
   * 10 minutes); `destroy_session` forgets one at once.
   */
  sessionIdleMs?: number;
}

/** A DC address as `help.getConfig` and clients see it. */
export interface TestDcAddress {
  id: number;
  host: string;
  port: number;
  wsPort?: number;
  httpPort?: number;
}

/** What a tgts `Client` (or `MtprotoSession`) needs to talk to a test server. */
export interface TestServerClientOptions {
  /** DC to start on (spread into `ClientOptions.dc`). */
  dc: TestDcAddress;
  /** Every DC of the cluster (or just this one). */
  dcs: TestDcAddress[];
  /** The server's RSA public keys as PEM (`ClientOptions.publicKeys`). */
  publicKeys: string[];
  /** Matches the server's test-DC numbering (`ClientOptions.testServers`). */
  testServers: boolean;
  /** Same data, flat, for lower layers (`MtprotoSession`, `createAuthKey`). */
  dcId: number;
  host: string;
  port: number;
  wsPort?: number;
  rsaPublicKeys: RsaPublicKey[];
}

/** Counters of `server.stats`. */
export interface TestServerStats {
  /** Open client connections. */
  connections: number;
  /** MTProto sessions known. */
  sessions: number;
  /** Auth keys known. */
  authKeys: number;
}

/** Defaults of the connection limits of {@link TestServerOptions}. */
export const CONNECTION_DEFAULTS = {
  maxPreKeyFrameSize: 16 * 1024,
  maxConnections: 4096,
  handshakeTimeoutMs: 30_000,
  idleTimeoutMs: 5 * 60_000,
} as const;
