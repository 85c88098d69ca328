import { backoffDelay, systemClock, type Clock } from '../clock.js';
import { BadArgumentError, RpcError } from '../errors.js';
import { recovering, type RecoveryPolicy } from '../invoke/recovery.js';
import { sleepUntil } from '../invoke/sleep.js';
import type { Middleware } from '../invoke/types.js';

/** Options of {@link retryInternal}. */
export interface RetryInternalOptions {
  /** Retries per call after the first attempt. Default 3. */
  maxRetries?: number;
  /** Backoff scale, ms: retry n waits between ½ and 1 × `baseDelayMs · 2^n`. Default 100. */
  baseDelayMs?: number;
  /** Cap of one backoff delay, ms. Default 5 000. */
  maxDelayMs?: number;
  /** Time source; default the real clock. */
  clock?: Clock;
  /** Random source in [0, 1) for the jitter; default `Math.random`. */
  random?: () => number;
}

/**
 * True for server-side failures worth retrying: code 500 or -500, or a type that is
 * `INTERNAL` or has an `INTERNAL` word in it (`INTERNAL_SERVER_ERROR`, `STORE_INTERNAL`…).
 */
export function isInternalServerError(error: unknown): error is RpcError {
  if (!(error instanceof RpcError)) return false;
  return error.code === 500 || error.code === -500 || /(^|_)INTERNAL(_|$)/.test(error.type);
}

/** The internal-error retry rule as a recovery policy (what {@link retryInternal} runs; so does the client's default stack). */
export function retryInternalPolicy(options: RetryInternalOptions = {}): RecoveryPolicy {
  const { maxRetries = 3, baseDelayMs = 100, maxDelayMs = 5_000, clock = systemClock, random } = options;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new BadArgumentError('maxRetries', 'must be an integer ≥ 0');
  if (!(baseDelayMs >= 0) || !Number.isFinite(baseDelayMs)) throw new BadArgumentError('baseDelayMs', 'must be a finite number ≥ 0');
  if (!(maxDelayMs >= 0)) throw new BadArgumentError('maxDelayMs', 'must be a number ≥ 0');
  return ({ error, options: callOptions, retries }) => {
    if (!isInternalServerError(error) || retries >= maxRetries) return undefined;
    const delay = backoffDelay(retries, { baseMs: baseDelayMs, maxMs: maxDelayMs, ...(random ? { random } : {}) });
    return sleepUntil(delay, callOptions, clock).then(() => callOptions);
  };
}

/**
 * Retries calls that failed with an internal server error ({@link isInternalServerError}),
 * waiting an exponentially growing, jittered delay between attempts. Any other error, or the
 * last failure, is rethrown; the wait respects the call's signal and deadline ({@link sleepUntil}).
 */
export function retryInternal(options: RetryInternalOptions = {}): Middleware {
  return recovering([retryInternalPolicy(options)]);
}
