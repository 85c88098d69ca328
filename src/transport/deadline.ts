import { TransportError } from './errors.js';

/**
 * Runs a connect attempt under a timeout and an optional AbortSignal. `start` begins the attempt and
 * returns a cancel function; it settles through the given callbacks. All timers/listeners are
 * removed once settled, so nothing is left holding the event loop.
 */
export function withDeadline<T>(
  what: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  start: (resolve: (value: T) => void, reject: (err: Error) => void) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new TransportError('aborted', `${what}: aborted before connecting`, { cause: signal.reason }));
      return;
    }
    let settled = false;
    let cancel: (() => void) | undefined;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const fail = (err: Error): void => {
      if (!finish()) return;
      cancel?.();
      reject(err);
    };
    const onAbort = (): void => fail(new TransportError('aborted', `${what}: aborted`, { cause: signal?.reason }));
    const timer = setTimeout(() => fail(new TransportError('timeout', `${what}: no connection within ${timeoutMs} ms`)), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      cancel = start((value) => {
        if (finish()) resolve(value);
      }, fail);
    } catch (err) {
      fail(new TransportError('connect-failed', `${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
      return;
    }
    if (settled) cancel();
  });
}
