import type { AnyRequest } from '../../tl/index.js';
import { systemClock, type Clock } from '../clock.js';
import { BadArgumentError, RpcError } from '../errors.js';
import type { Middleware } from './types.js';

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

/**
 * Sleeps through short `FLOOD_WAIT_X` / `FLOOD_PREMIUM_WAIT_X` / `SLOWMODE_WAIT_X` errors and
 * retries the call. Waits longer than `maxWaitSeconds`, or more than `maxRetries` of them,
 * rethrow the error. An abort of `options.signal` during the wait rejects at once with a
 * `CancelledError`.
 */
export function floodWait(options: FloodWaitOptions = {}): Middleware {
  const { maxWaitSeconds = 60, maxRetries = 5, onWait, clock = systemClock } = options;
  if (!(maxWaitSeconds >= 0)) throw new BadArgumentError('maxWaitSeconds', 'must be a number ≥ 0');
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new BadArgumentError('maxRetries', 'must be an integer ≥ 0');
  return (next) => async (request, invokeOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await next(request, invokeOptions);
      } catch (error) {
        if (!(error instanceof RpcError) || !FLOOD_WAIT_TYPES.has(error.type) || error.argument === undefined) throw error;
        const seconds = error.argument;
        if (seconds > maxWaitSeconds || attempt >= maxRetries) throw error;
        if (onWait?.({ request, error, seconds, attempt }) === false) throw error;
        await clock.sleep(seconds * 1000, invokeOptions.signal);
      }
    }
  };
}
