/**
 * Small helpers every layer of the pipeline shares: turning `timeout` into a deadline once, the
 * errors a deadline or a signal end a call with, and calling the next invoker so that a
 * synchronous throw still becomes a rejected promise.
 *
 * @module
 */
import type { AnyRequest } from '../../tl/index.js';
import { CancelledError, TimeoutError } from '../errors.js';
import type { InvokeOptions, Invoker } from './types.js';

/** Calls `next`, turning a synchronous throw into a rejection (the contract returns a promise). */
export function callNext(next: Invoker, request: AnyRequest, options: InvokeOptions): Promise<unknown> {
  try {
    return next(request, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The options of a call entering the client: `timeout` (or `defaultTimeout`) becomes `deadline`
 * unless one is set. Returns `options` itself when it already has a deadline.
 */
export function withDeadline(options: InvokeOptions, now: number, defaultTimeout: number): InvokeOptions {
  if (options.deadline !== undefined) return options;
  const timeout = options.timeout ?? defaultTimeout;
  if (!(timeout > 0) || !Number.isFinite(timeout)) return options; // no limit
  return { ...options, deadline: now + timeout };
}

/** The error a call ends with when its deadline has passed. */
export function deadlineError(request: AnyRequest | string, options: InvokeOptions): TimeoutError {
  const name = typeof request === 'string' ? request : request._;
  const limit = options.timeout;
  return new TimeoutError(limit === undefined ? `${name} ran out of time (deadline passed)` : `${name} timed out after ${limit} ms`, limit);
}

/** The error a call ends with when its signal fired. */
export function cancelledError(signal: AbortSignal): CancelledError {
  return CancelledError.fromSignal(signal);
}

/**
 * Waits for `promise`, but no longer than the call's deadline and its signal allow. Only slow
 * paths use it (waiting for an auth key or a DC address); a timer and a listener exist only while
 * it waits. The promise itself is not cancelled: others may be waiting for it too.
 */
export function bounded<T>(promise: Promise<T>, options: InvokeOptions, what: string, now: () => number): Promise<T> {
  const { signal, deadline } = options;
  if (signal === undefined && deadline === undefined) return promise;
  if (signal?.aborted) return Promise.reject(cancelledError(signal));
  if (deadline !== undefined && deadline <= now()) return Promise.reject(deadlineError(what, options));
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      done();
      reject(cancelledError(signal!));
    };
    if (deadline !== undefined) {
      timer = setTimeout(() => {
        done();
        reject(deadlineError(what, options));
      }, deadline - now());
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}
