/**
 * `sync()`'s waiters: resolved once the engine is not busy (no gap held, no difference running or queued)
 * and the {@link Dispatcher} has delivered everything queued. Checked whenever something may have ended.
 *
 * @module
 */
import type { Dispatcher } from './dispatch.js';

/** Waiters for the engine to be in order. */
export class Settling {
  private waiters: Array<() => void> = [];

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly busy: () => boolean,
    private readonly closed: () => boolean,
  ) {}

  /** Resolves when everything is in order (or the engine closes). */
  wait(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      this.check();
    });
  }

  /** Resolves the waiters if nothing is busy once the dispatcher drained. */
  check(): void {
    if (this.waiters.length === 0 || this.busy()) return;
    void this.dispatcher.drained().then(() => {
      if (this.busy() && !this.closed()) return; // something arrived meanwhile; a later settle resolves them
      this.releaseAll();
    });
  }

  /** Resolves every waiter now (close). */
  releaseAll(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
