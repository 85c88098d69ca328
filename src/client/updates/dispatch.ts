/**
 * The ordered public stream: one queue, drained in order, each update handed to the handlers of its
 * name, of `update`, and of its typed event (`newMessage`, `editMessage`, `deleteMessages`). A handler that
 * returns a promise is awaited before the next update (so delivery stays in box order); one that throws
 * is reported on `error` and delivery goes on. After an update has been handed to every handler, its
 * position is committed (`onDelivered`), so a restart never skips an update a handler did not see.
 *
 * @module
 */
import type { Update } from '../../tl/index.js';
import { channelOfMessage } from './classify.js';
import type { DeleteMessagesEvent, GapEvent, HandlerResult, MessageEvent, UpdateContext, UpdatesEventMap } from './types.js';

/** A position to commit once everything before it was delivered. */
export type Mark = { box: 'common'; pts: number } | { box: 'qts'; pts: number } | { box: 'seq'; seq: number; date: number } | ChannelMark;

/** A channel's position, with the highest message id delivered up to it (0: none known), saved together. */
export interface ChannelMark {
  box: number;
  pts: number;
  topMessageId?: number;
}

type Item = { kind: 'update'; update: Update; context: UpdateContext; mark: Mark | undefined } | { kind: 'gap'; gap: GapEvent; mark: Mark | undefined } | { kind: 'mark'; mark: Mark };

type AnyHandler = (...args: never[]) => HandlerResult;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Handlers by event name and the queue they are fed from. */
export class Dispatcher {
  private readonly handlers = new Map<string, AnyHandler[]>();
  private queue: Item[] = [];
  private head = 0;
  private draining = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly onDelivered: (mark: Mark) => void,
    private readonly onUnhandledError: (error: unknown) => void,
  ) {}

  /** Adds a handler; returns the unsubscribe function. */
  on(name: string, handler: AnyHandler): () => void {
    const list = this.handlers.get(name);
    this.handlers.set(name, list ? [...list, handler] : [handler]);
    return () => {
      const now = this.handlers.get(name);
      if (now) this.handlers.set(name, now.filter((h) => h !== handler));
    };
  }

  /** Queues an update for delivery. */
  update(update: Update, context: UpdateContext, mark?: Mark): void {
    this.push({ kind: 'update', update, context, mark });
  }

  /** Queues a gap report. */
  gap(gap: GapEvent, mark?: Mark): void {
    this.push({ kind: 'gap', gap, mark });
  }

  /** Queues a position to commit after what is queued before it. */
  mark(mark: Mark): void {
    this.push({ kind: 'mark', mark });
  }

  /** Items not yet delivered. */
  get backlog(): number {
    return this.queue.length - this.head;
  }

  /** Resolves when the queue is empty. */
  drained(): Promise<void> {
    if (!this.draining && this.backlog === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Reports an error to `error` handlers (or the fallback when there are none). */
  error(error: unknown): void {
    const list = this.handlers.get('error');
    if (!list || list.length === 0) {
      this.onUnhandledError(error);
      return;
    }
    for (const h of list) {
      try {
        void (h as (e: unknown) => HandlerResult)(error);
      } catch (inner) {
        this.onUnhandledError(inner);
      }
    }
  }

  private push(item: Item): void {
    this.queue.push(item);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.head < this.queue.length) {
        const item = this.queue[this.head]!;
        this.queue[this.head++] = undefined as unknown as Item; // release the reference early
        const wait = item.kind === 'update' ? this.deliverUpdate(item.update, item.context) : item.kind === 'gap' ? this.call('gap', item.gap) : undefined;
        if (wait) await wait;
        if (item.mark) this.onDelivered(item.mark);
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
      }
      this.queue = [];
      this.head = 0;
    } finally {
      this.draining = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Hands one update to its handlers; a promise only when a handler returned one. */
  private deliverUpdate(update: Update, context: UpdateContext): Promise<void> | undefined {
    const name = typedEventName(update);
    // the event object is built only for a typed event somebody listens to
    const first = name !== undefined && this.listens(name) ? this.call(name, typedEvent(update, context)) : undefined;
    if (first) return first.then(() => this.deliverRaw(update, context));
    return this.deliverRaw(update, context);
  }

  private deliverRaw(update: Update, context: UpdateContext): Promise<void> | undefined {
    const byName = this.call(update._, update, context);
    if (byName) return byName.then(() => this.call('update', update, context));
    return this.call('update', update, context);
  }

  private listens(name: string): boolean {
    const list = this.handlers.get(name);
    return list !== undefined && list.length > 0;
  }

  /** Calls the handlers of `name` with one or two arguments (no argument array per update); returns a promise only when one of them returned one. */
  private call(name: string, first: unknown, second?: unknown): Promise<void> | undefined {
    const list = this.handlers.get(name);
    if (!list || list.length === 0) return undefined;
    let waits: Array<PromiseLike<unknown>> | undefined;
    for (const h of list) {
      try {
        const f = h as (a: unknown, b?: unknown) => HandlerResult;
        const r = second === undefined ? f(first) : f(first, second);
        if (isThenable(r)) (waits ??= []).push(r);
      } catch (error) {
        this.error(error);
      }
    }
    if (!waits) return undefined;
    return Promise.all(waits.map((w) => Promise.resolve(w).catch((error: unknown) => this.error(error)))).then(() => undefined);
  }
}

/** The typed event an update also raises, if any. */
function typedEventName(update: Update): keyof UpdatesEventMap | undefined {
  switch (update._) {
    case 'updateNewMessage':
    case 'updateNewChannelMessage':
      return update.message._ === 'messageEmpty' ? undefined : 'newMessage';
    case 'updateEditMessage':
    case 'updateEditChannelMessage':
      return update.message._ === 'messageEmpty' ? undefined : 'editMessage';
    case 'updateDeleteMessages':
    case 'updateDeleteChannelMessages':
      return 'deleteMessages';
    default:
      return undefined;
  }
}

/** The event of an update that {@link typedEventName} names. */
function typedEvent(update: Update, context: UpdateContext): MessageEvent | DeleteMessagesEvent | undefined {
  switch (update._) {
    case 'updateNewMessage':
    case 'updateNewChannelMessage':
    case 'updateEditMessage':
    case 'updateEditChannelMessage': {
      const message = update.message;
      if (message._ === 'messageEmpty') return undefined;
      return { message, channelId: channelOfMessage(message), update, context };
    }
    case 'updateDeleteMessages':
      return { messageIds: update.messages, channelId: undefined, update, context };
    case 'updateDeleteChannelMessages':
      return { messageIds: update.messages, channelId: update.channelId, update, context };
    default:
      return undefined;
  }
}
