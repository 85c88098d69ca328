/**
 * One bound for a whole connection attempt: opening the socket, a proxy handshake, a FakeTLS
 * handshake and a WebSocket upgrade all share the connect timeout and the caller's signal.
 * @module
 */
import { TransportError } from './errors.js';

/** Something a dial step opened and must close if the attempt is abandoned. */
export interface Closable {
  close(graceful: boolean): void;
}

/** What a dial step sees of its attempt. */
export interface DialScope {
  /** Aborts when the attempt times out or the caller's signal fires. */
  readonly signal: AbortSignal;
  /** Milliseconds left before the attempt times out (at least 1). */
  remainingMs(): number;
  /** Registers a resource to close when the attempt is abandoned; returns it. */
  own<T extends Closable>(resource: T): T;
}

/**
 * Runs `attempt` under `timeoutMs` and `signal`. On timeout or abort, every owned resource is
 * closed (so pending handshake reads end) and the promise rejects with `TransportError`
 * (`timeout` / `aborted`) naming `what`. A result that arrives after that is disposed of.
 */
export function runDial<T>(
  what: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  attempt: (scope: DialScope) => Promise<T>,
  dispose: (result: T) => void,
): Promise<T> {
  if (signal?.aborted) return Promise.reject(new TransportError('aborted', `${what}: aborted before connecting`, { cause: signal.reason }));
  const controller = new AbortController();
  const owned = new Set<Closable>();
  const deadline = Date.now() + timeoutMs;
  let settled = false;
  return new Promise<T>((resolve, reject) => {
    const abandon = (err: Error): void => {
      if (settled) return;
      settled = true;
      cleanup();
      controller.abort(err);
      for (const r of owned) r.close(false);
      owned.clear();
      reject(err);
    };
    const onAbort = (): void => abandon(new TransportError('aborted', `${what}: aborted`, { cause: signal?.reason }));
    const timer = setTimeout(() => abandon(new TransportError('timeout', `${what}: no connection within ${timeoutMs} ms`)), timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const scope: DialScope = {
      signal: controller.signal,
      remainingMs: () => Math.max(1, deadline - Date.now()),
      own: (resource) => {
        if (settled) resource.close(false);
        else owned.add(resource);
        return resource;
      },
    };
    attempt(scope).then(
      (result) => {
        if (settled) {
          dispose(result);
          return;
        }
        settled = true;
        cleanup();
        owned.clear();
        resolve(result);
      },
      (err: unknown) => {
        if (settled) return;
        settled = true;
        cleanup();
        for (const r of owned) r.close(false);
        owned.clear();
        reject(err instanceof Error ? err : new TransportError('connect-failed', `${what}: ${String(err)}`, { cause: err }));
      },
    );
  });
}
