import type { CodecName, FrameGate } from './codecs/types.js';
import type { ProxyConfig } from './proxy/config.js';

/** Carrier of a connection: a TCP stream, WebSocket messages, or HTTP requests (`POST /api`). */
export type TransportType = 'tcp' | 'websocket' | 'http';

/** Static facts about a connection. */
export interface ConnectionInfo {
  /** Framing codec; `http` for the HTTP transport (one packet per request or response body). */
  codec: CodecName | 'http';
  obfuscated: boolean;
  /** DC id field: as requested by the client, or as read from an obfuscated init on the server. */
  dcId?: number;
  type: TransportType;
  /** Peer address, `host:port` (`host:port via socks5 proxy:port` through a proxy). */
  remote: string;
}

/** One framed MTProto packet stream, the same for TCP and WebSocket, client and server. */
export interface PacketConnection {
  /**
   * Sends one MTProto packet (frames it, obfuscates it if enabled). Throws `TransportError('closed')`
   * after close. With `handOver`, the caller gives `packet` up (it will not read, resend or reuse it),
   * so an obfuscated connection may encrypt it in place instead of copying it.
   */
  send(packet: Uint8Array, handOver?: boolean): void;
  /**
   * Registers the handler for incoming packets (one per connection). Packets received before a
   * handler is set are kept and delivered, in order, once it is. An exception thrown by the handler
   * closes the connection with that error.
   */
  onPacket(handler: (packet: Uint8Array) => void): void;
  /**
   * Called once when the connection ends; `err` is set when it ended because of an error
   * (including peer transport error codes). Registered after the end: called on the next microtask.
   */
  onClose(handler: (err?: Error) => void): void;
  /** Ends the connection: flushes pending output when `err` is unset, drops the socket at once otherwise. */
  close(err?: Error): void;
  readonly closed: boolean;
  /**
   * HTTP transport only: `handler` is called whenever no request is in flight. The server can
   * only answer requests, so the MTProto session sends an `http_wait` long poll then.
   */
  onIdle?(handler: () => void): void;
  readonly info: Readonly<ConnectionInfo>;
  /** Wire bytes read so far (including tags, inits, framing). */
  readonly bytesIn: number;
  /** Wire bytes written so far (including tags, inits, framing). */
  readonly bytesOut: number;
  /**
   * Flow control (connections made by `listen`/`listenWebSocket` have it): stop reading and stop
   * delivering packets already read, until {@link resume}. A server uses it when a client sends
   * faster than it reads the answers.
   */
  pause?(): void;
  resume?(): void;
  /** Bytes sent but still buffered locally. */
  readonly writeBuffered?: number;
  /** Calls `cb` once the local write buffer has drained. */
  onDrain?(cb: () => void): void;
}

/** Transport choice of a client. For `type: 'http'` the codec is ignored and `obfuscated` must be false. */
export interface TransportOptions {
  type: TransportType;
  codec: CodecName;
  obfuscated: boolean;
}

/** Options of {@link connect}. */
export interface ConnectOptions extends TransportOptions {
  host: string;
  port: number;
  /** WebSocket path, default `/apiws`. */
  path?: string;
  /** WebSocket: the whole URL (`wss://venus.web.telegram.org/apiws`); `host`, `port` and `path` then only name the DC in errors. */
  url?: string;
  /** TCP: the local address to connect from (a machine with several addresses). */
  localAddress?: string;
  /** DC id; negative for media DCs. Written into the obfuscated2 init. */
  dcId: number;
  /** Test DCs: the init carries dcId ± 10000. */
  testMode?: boolean;
  /** Connect timeout, default 10 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Largest incoming payload, default 8 MiB. */
  maxFrameSize?: number;
  /** MTProxy secret (16 bytes, or 17 with a 0xdd prefix); requires `obfuscated`. Prefer `proxy` for an MTProxy. */
  proxySecret?: Uint8Array;
  /**
   * Connect through a proxy: a URL (`socks5://user:pass@host:port`, `socks5h://…`,
   * `http://user:pass@host:port` for CONNECT, `tg://proxy?server=…&port=…&secret=…`,
   * `https://t.me/proxy?…`, `tg://socks?…`) or a {@link ProxyConfig}. SOCKS5 and CONNECT carry
   * every transport (WebSocket as `ws://` only); an MTProxy carries TCP only, always obfuscated,
   * and `dd`/`ee` secrets force padded intermediate.
   */
  proxy?: string | ProxyConfig;
  /** HTTP transport: parallel keep-alive sockets, default 4. */
  httpSockets?: number;
}

/** Options of {@link listen}. */
export interface ListenOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Largest incoming payload, default 8 MiB. */
  maxFrameSize?: number;
  /** How long a new connection may take to send its transport init, default 10 000 ms. */
  initTimeoutMs?: number;
  /** MTProxy secret obfuscated clients must use. */
  proxySecret?: Uint8Array;
  /** Told about connections dropped before they became a {@link PacketConnection} (garbage, init timeout, limit). */
  onRejected?: (err: Error, remote: string) => void;
  /** Most sockets open at once (including ones still sending their init); more are closed at once. Default unlimited. */
  maxConnections?: number;
  /** A smaller cap for frames the server does not recognise (see {@link FrameGate}). */
  frameGate?: FrameGate;
}

/** Options of {@link listenWebSocket}. */
export interface ListenWebSocketOptions extends ListenOptions {
  /** Default `/apiws`. */
  path?: string;
}

/** A listening server. */
export interface Listener {
  readonly address: { host: string; port: number };
  /** Stops accepting and ends every open connection. */
  close(): Promise<void>;
  /** Currently open sockets (including ones still sending their init). */
  readonly connections: number;
}
