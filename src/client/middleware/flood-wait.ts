import type { AnyRequest } from '../../tl/index.js';
import { systemClock, type Clock } from '../clock.js';
import { BadArgumentError, RpcError } from '../errors.js';
import { recovering, type RecoveryPolicy } from '../invoke/recovery.js';
import { sleepUntil } from '../invoke/sleep.js';
import type { Middleware } from '../invoke/types.js';

/** Error types whose argument is a number of seconds to wait before retrying. */
export const FLOOD_WAIT_TYPES: ReadonlySet<string> = new Set([
  'FLOOD_WAIT',
  'FLOOD_PREMIUM_WAIT',
  'SLOWMODE_WAIT',
  'FLOOD_TEST_PHONE_WAIT', // test DCs only
]);

/** What {@link FloodWaitOptions.onWait} is told before a wait. */
export interface FloodWaitInfo {
  request: AnyRequest;
  error: RpcError;
  /** Seconds the middleware is about to wait. */
  seconds: number;
  /** 0 for the first wait of this call, 1 for the second… */
  attempt: number;
}

/** Options of {@link floodWait}. */
export interface FloodWaitOptions {
  /** Longer waits are not slept through: the error is rethrown. Default 60. */
  maxWaitSeconds?: number;
  /** How many times one call is retried after waiting. Default 5. */
  maxRetries?: number;
  /** Called before each wait; return `false` to rethrow instead of waiting. */
  onWait?: (info: FloodWaitInfo) => boolean | void;
  /** Time source; default the real clock. */
  clock?: Clock;
}

/** The flood-wait rule as a recovery policy (what {@link floodWait} runs; the client's default stack runs it too). */
export function floodWaitPolicy(options: FloodWaitOptions = {}): RecoveryPolicy {
  const { maxWaitSeconds = 60, maxRetries = 5, onWait, clock = systemClock } = options;
  if (!(maxWaitSeconds >= 0)) throw new BadArgumentError('maxWaitSeconds', 'must be a number ≥ 0');
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new BadArgumentError('maxRetries', 'must be an integer ≥ 0');
  return ({ error, request, options: callOptions, retries }) => {
    if (!(error instanceof RpcError) || !FLOOD_WAIT_TYPES.has(error.type) || error.argument === undefined) return undefined;
    const seconds = error.argument;
    if (seconds > maxWaitSeconds || retries >= maxRetries) return undefined;
    if (onWait?.({ request, error, seconds, attempt: retries }) === false) return undefined;
    return sleepUntil(seconds * 1000, callOptions, clock).then(() => callOptions);
  };
}

/**
 * Sleeps through short `FLOOD_WAIT_X` / `FLOOD_PREMIUM_WAIT_X` / `SLOWMODE_WAIT_X` errors and
 * retries the call. Waits longer than `maxWaitSeconds`, or more than `maxRetries` of them,
 * rethrow the error. The wait respects the call's signal (`CancelledError` at once) and deadline
 * (`TimeoutError` when the call cannot be retried in time); see {@link sleepUntil}.
 */
export function floodWait(options: FloodWaitOptions = {}): Middleware {
  return recovering([floodWaitPolicy(options)]);
}
