/**
 * The invoke contract (docs/design/contracts.md §2): every call goes through a chain of
 * {@link Middleware}s that wrap the final {@link Invoker}. Options are plain data, so a middleware
 * may copy them with a spread and nothing is lost.
 *
 * @module
 */
import type { AnyRequest } from '../../tl/index.js';

/** Connection kinds of a DC: API calls, file uploads, file downloads, CDN downloads. */
export type PoolKind = 'main' | 'upload' | 'download' | 'cdn';

/** Per-call options, visible to every middleware. Plain data: survives `{ ...options }`. */
export interface InvokeOptions {
  /** Cancels the call; everything it waits for stops at once with a `CancelledError`. */
  signal?: AbortSignal;
  /**
   * Absolute time (ms since the epoch, the platform clock) by which the call must settle, or
   * reject with `TimeoutError`. Bounds connecting, the key exchange, reconnects, migration hops
   * and retries.
   */
  deadline?: number;
  /** Time limit in ms; turned into {@link deadline} once, where the call enters the client. */
  timeout?: number;
  /** Send to this DC instead of the primary one. */
  dcId?: number;
  /** Connection kind; default `'main'`. */
  pool?: PoolKind;
}

/** Sends one request and resolves with its (untyped) result. */
export type Invoker = (request: AnyRequest, options: InvokeOptions) => Promise<unknown>;

/** Wraps an invoker with extra behaviour (retries, waits, logging, rate limits…). */
export type Middleware = (next: Invoker) => Invoker;
