/**
 * The listeners of one test DC (TCP, WebSocket unless disabled, HTTP when asked for) with the limits every
 * connection gets: the connection limit, the small frame cap before a key is known, and the
 * handshake and idle timeouts (applied by `ServerConnection`). Other fronts (an MTProxy)
 * plug in next to these with {@link listenerOptions}.
 * @module
 */
import { transportErrorPayload } from '../../transport/index.js';
import { listen, listenWebSocket } from '../../transport/server.js';
import type { FrameGate, Listener, ListenOptions, PacketConnection } from '../../transport/index.js';
import type { AuthKeyStore } from './auth-keys.js';
import type { ConnectionTimeouts } from './connection.js';
import type { ServerLogger } from './internals.js';
import { CONNECTION_DEFAULTS } from './options.js';
import type { TestServerOptions } from './options.js';

/** The running listeners. */
export interface ServerListeners {
  tcp: Listener;
  ws: Listener | undefined;
  /** The HTTP transport (option `httpPort`). */
  http: Listener | undefined;
}

/** Starts a listener that needs more than the common options (the HTTP transport needs the sessions). */
export type ExtraListener = (options: ListenOptions & { port: number }) => Promise<Listener>;

function keyIdOf(head: Uint8Array): bigint {
  return new DataView(head.buffer, head.byteOffset, 8).getBigInt64(0, true);
}

/**
 * Frames above `limit` must start with an auth_key_id this DC knows; an unknown non-zero key id
 * gets −404 (as Telegram answers an unknown key), so a client whose key was forgotten makes a new one.
 */
export function preKeyFrameGate(keys: AuthKeyStore, limit: number): FrameGate {
  return {
    limit,
    admit: (head) => {
      const id = keyIdOf(head);
      return id !== 0n && keys.get(id) !== undefined;
    },
    refuse: (head) => (keyIdOf(head) !== 0n ? transportErrorPayload(-404) : undefined),
  };
}

/** Listen options shared by every listener of the DC. */
export function listenerOptions(options: TestServerOptions, keys: AuthKeyStore, logger: ServerLogger): ListenOptions {
  return {
    host: options.host ?? '127.0.0.1',
    ...(options.maxFrameSize !== undefined ? { maxFrameSize: options.maxFrameSize } : {}),
    maxConnections: options.maxConnections ?? CONNECTION_DEFAULTS.maxConnections,
    frameGate: preKeyFrameGate(keys, options.maxPreKeyFrameSize ?? CONNECTION_DEFAULTS.maxPreKeyFrameSize),
    onRejected: (err: Error, remote: string) => logger.debug(`rejected ${remote}`, err),
  };
}

/** The per-connection time limits of `options`. */
export function connectionTimeouts(options: TestServerOptions): ConnectionTimeouts {
  return {
    handshakeMs: options.handshakeTimeoutMs ?? CONNECTION_DEFAULTS.handshakeTimeoutMs,
    idleMs: options.idleTimeoutMs ?? CONNECTION_DEFAULTS.idleTimeoutMs,
  };
}

/** Starts the TCP (and WebSocket, and with `httpPort` HTTP) listeners; on a failure the ones started are closed. */
export async function startListeners(
  options: TestServerOptions,
  keys: AuthKeyStore,
  logger: ServerLogger,
  onConnection: (conn: PacketConnection) => void,
  startHttp?: ExtraListener,
): Promise<ServerListeners> {
  const common = listenerOptions(options, keys, logger);
  const tcp = await listen({ ...common, port: options.port ?? 0 }, onConnection);
  let ws: Listener | undefined;
  try {
    if (options.wsPort !== false) ws = await listenWebSocket({ ...common, port: options.wsPort ?? 0 }, onConnection);
    const httpPort = options.httpPort;
    const http = httpPort !== undefined && httpPort !== false && startHttp ? await startHttp({ ...common, port: httpPort }) : undefined;
    return { tcp, ws, http };
  } catch (err) {
    await Promise.all([tcp.close(), ws?.close()]);
    throw err;
  }
}
