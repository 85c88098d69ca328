/**
 * The middleware contract: every API call goes through a chain of {@link Middleware}s that
 * wrap the final {@link Invoker} (the one that actually sends the request).
 *
 * @module
 */
import type { AnyRequest } from '../../tl/index.js';

/** Per-call options, visible to every middleware. */
export interface InvokeOptions {
  /** Cancels the call; middlewares must stop waiting as soon as it fires. */
  signal?: AbortSignal;
  /** Time limit for the call, ms. */
  timeout?: number;
  /** Send to this DC instead of the primary one. */
  dcId?: number;
}

/** Sends one request and resolves with its (untyped) result. */
export type Invoker = (request: AnyRequest, options: InvokeOptions) => Promise<unknown>;

/** Wraps an invoker with extra behaviour (retries, waits, logging, rate limits…). */
export type Middleware = (next: Invoker) => Invoker;
