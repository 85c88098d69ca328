/**
 * `client.tap` (contracts §3): the one place where everything the client receives is observed —
 * every successful result with the request it answers, and every pushed `Updates` object. The
 * updates engine and the peer cache subscribe here, so updates returned as results (e.g. by
 * `messages.sendMessage`) and users/chats inside any result reach the same consumers as pushes.
 *
 * @module
 */
import type { AnyRequest, Updates } from '../tl/index.js';

/** Where a result or a push came from. */
export interface TapMeta {
  /** The DC that answered or pushed. */
  dcId: number;
}

/** Observes what the client receives. Listeners run synchronously and must not throw (a throw is logged). */
export interface ClientTap {
  /** Every successful result, after decoding, with the request it answers. Returns the unsubscribe function. */
  onResult(listener: (request: AnyRequest, result: unknown, meta: TapMeta) => void): () => void;
  /** Every pushed `Updates` object (after MTProto deduplication), with the DC it came from. Returns the unsubscribe function. */
  onUpdates(listener: (updates: Updates, meta: TapMeta) => void): () => void;
}

type ResultListener = (request: AnyRequest, result: unknown, meta: TapMeta) => void;
type UpdatesListener = (updates: Updates, meta: TapMeta) => void;

/** The constructors of the `Updates` type: what a push must be to reach `onUpdates`. */
const UPDATES_CONSTRUCTORS: ReadonlySet<string> = new Set([
  'updatesTooLong',
  'updateShortMessage',
  'updateShortChatMessage',
  'updateShort',
  'updatesCombined',
  'updates',
  'updateShortSentMessage',
]);

/** True when `value` is an `Updates` object. */
export function isUpdates(value: unknown): value is Updates {
  return typeof value === 'object' && value !== null && UPDATES_CONSTRUCTORS.has((value as { _?: unknown })._ as string);
}

/** The client's tap. Listener lists are copied on change, so a listener may unsubscribe while called. */
export class Tap implements ClientTap {
  private results: readonly ResultListener[] = [];
  private updates: readonly UpdatesListener[] = [];

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  /** True while someone listens to results (the pipeline skips the tap otherwise). */
  get observesResults(): boolean {
    return this.results.length > 0;
  }

  onResult(listener: ResultListener): () => void {
    this.results = [...this.results, listener];
    return () => {
      this.results = this.results.filter((l) => l !== listener);
    };
  }

  onUpdates(listener: UpdatesListener): () => void {
    this.updates = [...this.updates, listener];
    return () => {
      this.updates = this.updates.filter((l) => l !== listener);
    };
  }

  /** @internal Reports a result (the innermost layer of the pipeline calls this). */
  result(request: AnyRequest, result: unknown, meta: TapMeta): void {
    for (const listener of this.results) {
      try {
        listener(request, result, meta);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** @internal Reports something a DC pushed; only `Updates` objects reach the listeners. */
  pushed(value: unknown, meta: TapMeta): void {
    if (!isUpdates(value)) return;
    for (const listener of this.updates) {
      try {
        listener(value, meta);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}

/** Single updates inside any `Updates` container, for matching. */
export function innerUpdates(updates: { _: string }): Array<{ _: string }> {
  const u = updates as { _: string; update?: { _: string }; updates?: Array<{ _: string }> };
  if (u._ === 'updateShort' && u.update) return [u.update];
  if ((u._ === 'updates' || u._ === 'updatesCombined') && u.updates) return u.updates;
  return [];
}

/** Resolves on the first single update matching `match`; rejects with the signal's reason when it aborts. */
export function waitForUpdate(tap: ClientTap, match: (update: { _: string }) => boolean, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      unsubscribe();
      reject(signal?.reason);
    };
    const unsubscribe = tap.onUpdates((updates) => {
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
