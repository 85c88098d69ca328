import { systemClock, type Clock } from '../clock.js';
import { TokenBucket } from './token-bucket.js';
import type { Middleware } from '../invoke/types.js';

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  /** Sustained calls per second. */
  ratePerSecond: number;
  /** Calls allowed at once after an idle period. Default `max(1, ratePerSecond)`. */
  burst?: number;
  /** Time source; default the real clock. */
  clock?: Clock;
}

/**
 * Limits how fast calls start (token bucket). Callers queue in arrival order; an abort of
 * `options.signal` while queued rejects at once and frees the place; so does the call's deadline
 * (`TimeoutError`). One bucket is shared by
 * every invoker this middleware wraps.
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const { ratePerSecond, burst = Math.max(1, ratePerSecond), clock = systemClock } = options;
  const bucket = new TokenBucket(ratePerSecond, burst, clock);
  return (next) => async (request, invokeOptions) => {
    await bucket.acquire(invokeOptions.signal, invokeOptions.deadline);
    return next(request, invokeOptions);
  };
}
