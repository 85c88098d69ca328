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
  /** Encrypts or decrypts `data` (same operation) into a new array, continuing the stream. */
  update(data: Uint8Array): Uint8Array;
  /** The same, overwriting `data`: no copy on the transport's read and write paths. */
  updateInPlace(data: Uint8Array): void;
}

/** Cryptographic primitives. */
export interface PlatformCrypto {
  /** Fills `out` with cryptographically secure random bytes and returns it. */
  randomFill(out: Uint8Array): Uint8Array;
  sha1(...parts: Uint8Array[]): Uint8Array;
  sha256(...parts: Uint8Array[]): Uint8Array;
  sha512(...parts: Uint8Array[]): Uint8Array;
  md5(...parts: Uint8Array[]): Uint8Array;
  hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array;
  /** PBKDF2-HMAC-SHA512 with a 64-byte output (SRP's password hash); off the main thread where the host can. */
  pbkdf2Sha512(password: Uint8Array, salt: Uint8Array, iterations: number): Promise<Uint8Array>;
  createAesCtr(key: Uint8Array, iv: Uint8Array): AesCtrStream;
  /**
   * Hardware AES-256-IGE writing into `out` (length ≥ data), when the host has it; without it
   * `crypto/` uses its pure TypeScript AES. Inputs are validated by the caller.
   */
  aesIge?: {
    readonly name: string;
    encrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array): void;
    decrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array): void;
  };
  /**
   * Bulk AES-256-IGE and SHA-256 on another thread, for large payloads, when the host has it. The
   * arrays must not be touched until the promise settles; inputs are validated by the caller.
   */
  offThread?: {
    /** `digest` (32 bytes) = SHA-256(data). */
    sha256(data: Uint8Array, digest: Uint8Array): Promise<void>;
    /** AES-256-IGE of `data` into `out` (may be `data`); with `hash`, then `hash.digest` = SHA-256(hash.prefix ‖ out). */
    ige(encrypt: boolean, data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array, hash: { prefix: Uint8Array; digest: Uint8Array } | undefined): Promise<void>;
  };
  /**
   * Big-endian unsigned `base^exp mod mod` (left-padded to the modulus length), or `undefined` when
   * the host has no fast path for these inputs (the caller then uses BigInt).
   */
  modPow?(base: Uint8Array, exp: Uint8Array, mod: Uint8Array): Uint8Array | undefined;
  /** Probabilistic primality test of a big-endian unsigned integer, or `undefined` when the host has none. */
  isProbablePrime?(n: Uint8Array): boolean | undefined;
}

/** Optional fast paths for text. */
export interface PlatformText {
  /** Strict UTF-8 decode of `bytes[start, end)`; `undefined` for invalid input. */
  decodeUtf8?(bytes: Uint8Array, start: number, end: number): string | undefined;
  /** Shortest input (bytes) for which {@link decodeUtf8} is worth calling. */
  decodeUtf8MinBytes?: number;
}

/** Compression for `gzip_packed` (gzip and zlib framing on input, gzip on output). */
export interface PlatformCompression {
  /** Gzips `data`; `level` is zlib's 1 (fastest) … 9 (smallest), the implementation's default when absent. */
  gzip(data: Uint8Array, level?: number): Uint8Array;
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
  readonly type: 'tcp' | 'websocket';
  /** Peer address, `host:port` (IPv6 bracketed). */
  readonly remote: string;
  setHandlers(handlers: SocketHandlers): void;
  write(data: Uint8Array): void;
  /** `graceful`: flush pending output then close; otherwise drop at once. Idempotent. */
  close(graceful: boolean): void;
  /** Flow control (optional, servers use it): stop reading until {@link resume}. */
  pause?(): void;
  resume?(): void;
  /** Bytes written but not yet handed to the operating system. */
  readonly writeBuffered?: number;
  /** Calls `cb` once the write buffer has drained (at once when it is empty). */
  onDrain?(cb: () => void): void;
}

/** Outgoing connections. Both reject once `signal` aborts, closing anything half-open. */
export interface PlatformNet {
  /** `localAddress`: the local address to connect from (a machine with several). */
  connectTcp(host: string, port: number, options: { signal?: AbortSignal; timeoutMs?: number; localAddress?: string }): Promise<PlatformSocket>;
  /** Opens `url` (`ws:` or `wss:`) with the given subprotocols; binary messages are the stream's chunks. */
  connectWebSocket(
    url: string,
    options: { signal?: AbortSignal; timeoutMs?: number; maxMessageSize?: number; protocols?: readonly string[] },
  ): Promise<PlatformSocket>;
}

/** Time. `now` is wall-clock ms since the epoch; timers are the host's. */
export interface PlatformClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A file opened for reading (uploads from a path). */
export interface PlatformReadableFile {
  /** Size in bytes when opened. */
  readonly size: number;
  /** Up to `length` bytes from `position` (fewer only at the end of the file). */
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** A file opened for writing from its start (downloads to a path). */
export interface PlatformWritableFile {
  /** Appends `data`; resolves once the host accepted it. */
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Closes and removes the file (a failed or cancelled download leaves nothing behind). */
  discard(): Promise<void>;
}

/** The file system, where the host has one (not in a browser). */
export interface PlatformFiles {
  openRead(path: string): Promise<PlatformReadableFile>;
  /** Creates or truncates `path`. */
  openWrite(path: string): Promise<PlatformWritableFile>;
}

/** The whole platform. */
export interface Platform {
  readonly name: string;
  readonly crypto: PlatformCrypto;
  readonly compression: PlatformCompression;
  readonly net: PlatformNet;
  readonly clock: PlatformClock;
  readonly text: PlatformText;
  /** Files by path; absent on hosts without a file system. */
  readonly files?: PlatformFiles;
}
