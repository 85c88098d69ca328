/**
 * `for await (const u of client.updates)`: an async iterator over the ordered stream. Its buffer is
 * bounded: past `highWaterMark` waiting updates, delivery waits for the consumer (the engine keeps
 * applying and saving positions only as far as updates were handed over).
 *
 * @module
 */
import type { ReceivedUpdate, UpdateContext } from './types.js';
import type { Update } from '../../tl/index.js';

type Subscribe = (handler: (update: Update, context: UpdateContext) => void | Promise<void>) => () => void;

/** An async iterator fed by an `update` subscription. */
export function updatesIterator(subscribe: Subscribe, onEnd: (end: () => void) => () => void, highWaterMark = 1000): AsyncIterableIterator<ReceivedUpdate> {
  const buffer: ReceivedUpdate[] = [];
  let waiting: ((r: IteratorResult<ReceivedUpdate>) => void) | undefined;
  let space: (() => void) | undefined;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    unsubscribe();
    offEnd();
    space?.();
    waiting?.({ done: true, value: undefined });
    waiting = undefined;
  };
  const unsubscribe = subscribe((update, context) => {
    if (done) return;
    const item = { update, context };
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w({ done: false, value: item });
      return;
    }
    buffer.push(item);
    if (buffer.length >= highWaterMark) return new Promise<void>((resolve) => (space = resolve));
  });
  const offEnd = onEnd(finish);
  return {
    next(): Promise<IteratorResult<ReceivedUpdate>> {
      const item = buffer.shift();
      if (buffer.length < highWaterMark && space) {
        const s = space;
        space = undefined;
        s();
      }
      if (item) return Promise.resolve({ done: false, value: item });
      if (done) return Promise.resolve({ done: true, value: undefined });
      return new Promise((resolve) => (waiting = resolve));
    },
    return(): Promise<IteratorResult<ReceivedUpdate>> {
      finish();
      return Promise.resolve({ done: true, value: undefined });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
