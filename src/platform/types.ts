/**
 * What the core (`tl`, `crypto`, `mtproto`, `client`) needs from the machine it runs on, as one
 * small interface. The core never imports a `node:` module; `platform/node/` implements this
 * interface for Node.js and the `tgts` entry point installs it. A browser, Deno or Bun platform
 * (WebSocket + WebCrypto + pure AES) is another implementation of the same interface.
 *
 * Synchronous where the protocol is synchronous (hashing a message key, unpacking `gzip_packed`
 * inside a decode); asynchronous where the machine is (sockets, files).
 *
 * @module
 */

/** A running AES-256-CTR keystream (obfuscation, CDN chunks). */
export interface AesCtrStream {
  /** Encrypts or decrypts `data` (same operation), continuing the stream. */
  update(data: Uint8Array): Uint8Array;
}

/** Cryptographic primitives. */
export interface PlatformCrypto {
  randomBytes(n: number): Uint8Array;
  sha1(...parts: Uint8Array[]): Uint8Array;
  sha256(...parts: Uint8Array[]): Uint8Array;
  sha512(...parts: Uint8Array[]): Uint8Array;
  md5(...parts: Uint8Array[]): Uint8Array;
  hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array;
  pbkdf2Sha512(password: Uint8Array, salt: Uint8Array, iterations: number): Uint8Array;
  createAesCtr(key: Uint8Array, iv: Uint8Array): AesCtrStream;
  aesIgeEncrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array;
  aesIgeDecrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array;
  /** Big-endian unsigned `base^exp mod mod`. */
  modPow(base: Uint8Array, exp: Uint8Array, mod: Uint8Array): Uint8Array;
}

/** Compression for `gzip_packed` (gzip and zlib framing on input, gzip on output). */
export interface PlatformCompression {
  gzip(data: Uint8Array): Uint8Array;
  /**
   * Inflates a gzip (RFC 1952) or zlib (RFC 1950) stream; throws once the output would exceed
   * `maxBytes` (the bound is enforced while inflating, not after).
   */
  gunzip(data: Uint8Array, maxBytes: number): Uint8Array;
}

/** Callbacks a {@link PlatformSocket} reports to. */
export interface SocketHandlers {
  data(chunk: Uint8Array): void;
  /** The socket ended; `err` when it failed. At most once. */
  end(err?: Error): void;
}

/** A raw byte stream (TCP socket, or the binary messages of a WebSocket). */
export interface PlatformSocket {
  readonly remote: string;
  setHandlers(handlers: SocketHandlers): void;
  write(data: Uint8Array): void;
  /** `graceful`: flush pending output then close; otherwise drop at once. Idempotent. */
  close(graceful: boolean): void;
}

/** Outgoing connections. Both reject once `signal` aborts, closing anything half-open. */
export interface PlatformNet {
  connectTcp(host: string, port: number, options: { signal?: AbortSignal; timeoutMs?: number }): Promise<PlatformSocket>;
  connectWebSocket(url: string, options: { signal?: AbortSignal; timeoutMs?: number; maxMessageSize?: number }): Promise<PlatformSocket>;
}

/** Time. `now` is wall-clock ms since the epoch; timers are the host's. */
export interface PlatformClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The whole platform. */
export interface Platform {
  readonly name: string;
  readonly crypto: PlatformCrypto;
  readonly compression: PlatformCompression;
  readonly net: PlatformNet;
  readonly clock: PlatformClock;
}
