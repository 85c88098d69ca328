/**
 * `client.updates`: the public face of the updates engine.
 *
 * ```ts
 * client.updates.on('newMessage', ({ message }) => console.log(message.message));
 * client.updates.on('updateUserStatus', (update) => …);      // any update by its TL name, typed
 * client.updates.on('gap', (gap) => reload(gap.box));          // a box Telegram could not replay
 * for await (const { update } of client.updates) …
 * ```
 *
 * Every update is delivered once, in box order (https://core.telegram.org/api/updates); handlers that
 * return a promise are awaited before the next update; a throwing handler is reported on `error` and never
 * stops delivery. Positions are saved to the storage's `updates` repository after delivery, so a restarted
 * client catches up from where the last one stopped (`catchUp`, on by default).
 *
 * @module
 */
import type { Update } from '../../tl/index.js';
import { UpdatesEngine, type EngineDeps } from './engine.js';
import { updatesIterator } from './iterator.js';
import type { HandlerResult, ReceivedUpdate, UpdateContext, UpdateName, UpdateOf, UpdatesEventMap, UpdatesOptions, UpdatesStateSnapshot } from './types.js';

/** The updates of one client (see the module comment). */
export class ClientUpdates implements AsyncIterable<ReceivedUpdate> {
  private readonly engine: UpdatesEngine;
  private readonly ends = new Set<() => void>();

  constructor(deps: EngineDeps, options: UpdatesOptions = {}) {
    this.engine = new UpdatesEngine(deps, options);
  }

  /**
   * Subscribes to an event (`update`, `newMessage`, `editMessage`, `deleteMessages`, `gap`, `error`) or to
   * one update constructor by name (`'updateNewMessage'`, …). Starts the engine if needed. Returns the
   * unsubscribe function.
   */
  on<E extends keyof UpdatesEventMap>(event: E, handler: (...args: UpdatesEventMap[E]) => HandlerResult): () => void;
  on<N extends UpdateName>(name: N, handler: (update: UpdateOf<N>, context: UpdateContext) => HandlerResult): () => void;
  on(name: string, handler: (...args: never[]) => HandlerResult): () => void {
    const off = this.engine.dispatcher.on(name, handler);
    this.startInBackground();
    return off;
  }

  /** Every update with its context, in delivery order; `break` unsubscribes. */
  [Symbol.asyncIterator](): AsyncIterableIterator<ReceivedUpdate> {
    const it = updatesIterator(
      (h) => this.engine.dispatcher.on('update', h as (update: Update, context: UpdateContext) => HandlerResult),
      (end) => {
        this.ends.add(end);
        return () => this.ends.delete(end);
      },
    );
    this.startInBackground();
    return it;
  }

  /**
   * Loads the saved positions (or asks `updates.getState` the first time) and starts catching up. Called
   * by `on` and the iterator; call it yourself to start without a handler, or after signing in if it failed.
   */
  start(): Promise<void> {
    return this.engine.start();
  }

  /** Asks for the difference now and resolves when every box is in order and every update delivered. */
  sync(): Promise<void> {
    return this.engine.sync();
  }

  /** Current positions (common pts/qts/seq/date and each channel's pts). */
  get state(): UpdatesStateSnapshot {
    return this.engine.state;
  }

  /** Channel boxes tracked. */
  get channelCount(): number {
    return this.engine.channelCount;
  }

  /** @internal Stops the engine (the client calls this on close); iterators end. */
  async close(): Promise<void> {
    await this.engine.close();
    for (const end of [...this.ends]) end();
  }

  private startInBackground(): void {
    this.engine.start().catch((error: unknown) => this.engine.dispatcher.error(error));
  }
}
