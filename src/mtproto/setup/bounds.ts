/**
 * Waiting within a caller's bounds: a signal, an absolute deadline on the session clock, or
 * both. Timers and listeners exist only while something waits and are released when it ends.
 * @module
 */
import { CancelledError, TgtsError, TimeoutError } from '../../errors.js';
import type { MtprotoClock } from '../clock.js';
import type { CallBounds } from '../engine/engine.js';

/** The error a fired signal stands for: its reason when that is one of ours, else a CancelledError. */
export function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof TgtsError ? signal.reason : CancelledError.fromSignal(signal);
}

/** The earlier of two optional deadlines. */
export function earlier(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/**
 * `promise`, unless `bounds` end first: then a TimeoutError (deadline) or CancelledError
 * (signal). `what` names the operation in the timeout message.
 */
export function within<T>(promise: Promise<T>, bounds: CallBounds, clock: MtprotoClock, what: string): Promise<T> {
  const { signal, deadline } = bounds;
  if (!signal && deadline === undefined) return promise;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const start = clock.now();
  if (deadline !== undefined && deadline <= start) return Promise.reject(new TimeoutError(`${what} timed out`, 0));
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (): void => {
      if (timer !== undefined) clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      done();
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (deadline !== undefined) {
      const ms = Math.round(deadline - start);
      timer = clock.setTimeout(() => {
        done();
        reject(new TimeoutError(`${what} timed out after ${ms} ms`, ms));
      }, deadline - start);
    }
    promise.then(
      (value) => {
        done();
        resolve(value);
      },
      (err: unknown) => {
        done();
        reject(err);
      },
    );
  });
}

/** Resolves after `ms` on `clock`; rejects with the signal's error when it fires first. */
export function sleep(ms: number, signal: AbortSignal, clock: MtprotoClock): Promise<void> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * An AbortController that also aborts when `parent` does, or at `timeoutMs` on `clock` with a
 * TimeoutError. `release()` drops the timer and the listener.
 */
export function childAbort(parent: AbortSignal, clock: MtprotoClock, timeoutMs: number, what: string): { signal: AbortSignal; release(): void } {
  const ctrl = new AbortController();
  const onParent = (): void => ctrl.abort(parent.reason);
  if (parent.aborted) ctrl.abort(parent.reason);
  else parent.addEventListener('abort', onParent, { once: true });
  const timer = clock.setTimeout(() => ctrl.abort(new TimeoutError(`${what} did not finish within ${timeoutMs} ms`, timeoutMs)), timeoutMs);
  return {
    signal: ctrl.signal,
    release: () => {
      clock.clearTimeout(timer);
      parent.removeEventListener('abort', onParent);
    },
  };
}
