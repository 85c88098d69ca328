/**
 * `sleepUntil`: how a waiting middleware (flood wait, retry backoff) waits. It respects the call's
 * `signal` and `deadline`, and makes its timer only when it actually waits.
 *
 * @module
 */
import { systemClock, type Clock } from '../clock.js';
import { CancelledError, TimeoutError } from '../errors.js';
import type { InvokeOptions } from './types.js';

/**
 * Waits `ms` milliseconds for the call described by `options`:
 * - its signal fires first: rejects at once with `CancelledError` (no timer left behind);
 * - its deadline comes first: waits until the deadline, then rejects with `TimeoutError`
 *   (the call could not have been retried in time).
 *
 * `clock` is injectable for tests (its `now()` is the time deadlines are measured on).
 */
export function sleepUntil(ms: number, options: InvokeOptions, clock: Clock = systemClock): Promise<void> {
  const { signal, deadline } = options;
  if (signal?.aborted) return Promise.reject(CancelledError.fromSignal(signal));
  if (deadline === undefined) return clock.sleep(ms, signal);
  const left = deadline - clock.now();
  if (left >= ms) return clock.sleep(ms, signal);
  const timeout = (): never => {
    throw new TimeoutError(
      options.timeout === undefined ? 'the call ran out of time while waiting to retry' : `the call timed out after ${options.timeout} ms while waiting to retry`,
      options.timeout,
    );
  };
  return left <= 0 ? Promise.resolve().then(timeout) : clock.sleep(left, signal).then(timeout);
}
