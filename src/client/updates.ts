/**
 * Minimal update delivery: raw `Updates` objects to every subscriber, as they arrive.
 * (A gap-aware engine with pts/qts tracking is future work.)
 *
 * @module
 */
import type { Updates } from '../tl/index.js';

export type UpdateHandler = (updates: Updates) => void;

/** Single updates inside any `Updates` container, for matching. */
export function innerUpdates(updates: { _: string }): Array<{ _: string }> {
  const u = updates as { _: string; update?: { _: string }; updates?: Array<{ _: string }> };
  if (u._ === 'updateShort' && u.update) return [u.update];
  if ((u._ === 'updates' || u._ === 'updatesCombined') && u.updates) return u.updates;
  return [];
}

export class UpdateDispatcher {
  private readonly handlers = new Set<UpdateHandler>();

  constructor(private readonly onHandlerError: (err: unknown) => void) {}

  subscribe(handler: UpdateHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  dispatch(updates: Updates): void {
    for (const handler of [...this.handlers]) {
      try {
        handler(updates);
      } catch (err) {
        this.onHandlerError(err);
      }
    }
  }

  /** Resolves on the first single update matching `match`; rejects when `signal` aborts. */
  waitFor(match: (update: { _: string }) => boolean, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        unsubscribe();
        reject(signal?.reason);
      };
      const unsubscribe = this.subscribe((updates) => {
        if (innerUpdates(updates).some(match)) {
          unsubscribe();
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }
      });
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
