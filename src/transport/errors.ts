import { TgtsError } from '../errors.js';

/**
 * What went wrong in the transport layer:
 * - `bad-crc`, `bad-seqno`: full transport integrity checks failed;
 * - `oversize`: a frame header announced more than `maxFrameSize` bytes;
 * - `bad-length`: a length that the framing rules forbid (unaligned, too short, ...);
 * - `server-code`: the peer sent a transport error code (−404, −429, −444 ...), see `code`;
 * - `bad-init`: an obfuscated2 init or first bytes that match no known transport;
 * - `init-timeout`: the peer did not send its transport init in time;
 * - `too-many-connections`: a listener's `maxConnections` was reached;
 * - `invalid-options`: impossible option combination (e.g. full + obfuscated);
 * - `closed`: the connection is already closed;
 * - `connect-failed`, `timeout`, `aborted`: `connect` could not establish the connection;
 * - `socket`: the underlying socket failed after connecting.
 */
export type TransportErrorKind =
  | 'bad-crc'
  | 'bad-seqno'
  | 'oversize'
  | 'bad-length'
  | 'server-code'
  | 'bad-init'
  | 'init-timeout'
  | 'too-many-connections'
  | 'invalid-options'
  | 'closed'
  | 'connect-failed'
  | 'timeout'
  | 'aborted'
  | 'socket'
  | 'proxy';

/** Error raised by codecs, obfuscation and connections. */
export class TransportError extends TgtsError {
  override name = 'TransportError';
  /** Machine-readable category. */
  readonly kind: TransportErrorKind;
  /** Transport error code sent by the peer (negative, e.g. −404), set when `kind` is `server-code`. */
  readonly code?: number;

  constructor(kind: TransportErrorKind, message: string, options?: { code?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    if (options?.code !== undefined) this.code = options.code;
  }
}

/** Meaning of the transport error codes documented on core.telegram.org/mtproto/mtproto-transports. */
export function describeTransportCode(code: number): string {
  switch (code) {
    case -404:
      return 'auth key not found or malformed packet';
    case -429:
      return 'transport flood (too many connections or messages)';
    case -444:
      return 'invalid DC id';
    default:
      return 'unknown transport error';
  }
}

/** Where a proxy connection failed. */
export type ProxyStage = 'connect' | 'auth' | 'handshake' | 'target';

/**
 * A proxy (SOCKS5, HTTP CONNECT, MTProxy) refused, failed or answered with something that is not
 * its protocol. `stage` says where: reaching the proxy (`connect`), authenticating (`auth`), its
 * handshake (`handshake`: garbage, an early close, a FakeTLS digest mismatch), or reaching the
 * target through it (`target`). `code` is the SOCKS5 reply code or the HTTP status when the
 * proxy sent one. Timeouts and aborts stay `TransportError` (`timeout`, `aborted`).
 */
export class ProxyError extends TransportError {
  override name = 'ProxyError';
  readonly stage: ProxyStage;

  constructor(stage: ProxyStage, message: string, options?: { cause?: unknown; code?: number }) {
    super('proxy', `proxy ${stage}: ${message}`, options);
    this.stage = stage;
  }
}

