/**
 * A small bot router over an event source (spec `messages.md` §9): `onCommand`, `onText`, `on(filter)`
 * and `onCallbackQuery` handlers, first match wins, in registration order. Outgoing messages and
 * commands addressed to another bot (`/cmd@other`) are skipped; privacy mode itself is Telegram's (it
 * decides what a bot receives). A handler that throws is reported to `onError`, never fatal; an
 * unanswered callback query is answered empty after its handler so the user's client stops waiting.
 * @module
 */
import type { RawMessage, User } from '../../tl/index.js';
import type { PeerContext } from '../peers/resolve.js';
import { isForBot, parseCommand } from './commands.js';
import { callbackContext, messageContext, type CallbackContext, type MessageContext } from './context.js';
import { command, regex, type MessageFilter } from './filters.js';
import type { EventSource, RouterEvent } from './source.js';

export type MessageHandler = (ctx: MessageContext) => unknown;
export type CallbackHandler = (ctx: CallbackContext) => unknown;

/** Options of {@link createRouter}. */
export interface RouterOptions {
  /** Called with what a handler threw (default: `console.error`). */
  onError?: (error: unknown, event: RouterEvent) => void;
}

/** The router; `start()` subscribes, `stop()` unsubscribes. */
export interface Router {
  on(filter: MessageFilter, handler: MessageHandler): Router;
  onCommand(name: string | string[], handler: MessageHandler): Router;
  onText(pattern: RegExp, handler: MessageHandler): Router;
  onCallbackQuery(data: string | RegExp, handler: CallbackHandler): Router;
  /** Replaces where handler errors are reported. */
  onError(handler: (error: unknown, event: RouterEvent) => void): Router;
  start(): Router;
  stop(): void;
  /** Resolves when every handler started so far has settled (tests, graceful shutdown). */
  idle(): Promise<void>;
}

/** Builds a router over `source` (e.g. `engineEventSource(client.updates)`). */
export function createRouter(ctx: PeerContext, source: EventSource, options: RouterOptions = {}): Router {
  const messageHandlers: Array<[MessageFilter, MessageHandler]> = [];
  const callbackHandlers: Array<[(data: string) => RegExpExecArray | boolean | null, CallbackHandler]> = [];
  const running = new Set<Promise<void>>();
  let onError = options.onError ?? ((error: unknown) => console.error('tgts router: a handler threw', error));
  let username: Promise<string | undefined> | undefined;
  let unsubscribe: (() => void) | undefined;

  const botUsername = (): Promise<string | undefined> =>
    (username ??= ctx.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }, {}).then(
      (users) => ((users as User[])[0] as { username?: string } | undefined)?.username,
      () => undefined,
    ));

  async function onMessage(message: RawMessage): Promise<void> {
    if (message.out) return;
    const mctx = messageContext(ctx, message);
    const cmd = parseCommand(message.message, message.entities);
    if (cmd) {
      if (!isForBot(cmd, await botUsername())) return;
      mctx.command = cmd;
    }
    for (const [filter, handler] of messageHandlers) {
      if (filter(mctx)) {
        await handler(mctx);
        return;
      }
    }
  }

  async function onCallback(event: Extract<RouterEvent, { kind: 'callbackQuery' }>): Promise<void> {
    const cctx = callbackContext(ctx, event.query);
    try {
      for (const [match, handler] of callbackHandlers) {
        const m = match(cctx.data);
        if (!m) continue;
        if (typeof m === 'object') cctx.match = m;
        await handler(cctx);
        return;
      }
    } finally {
      if (!cctx.answered()) await cctx.answer().catch(() => undefined);
    }
  }

  function dispatch(event: RouterEvent): void {
    const work = (async () => {
      if (event.kind === 'message') {
        if (event.message._ === 'message') await onMessage(event.message);
      } else await onCallback(event);
    })().catch((error: unknown) => {
      try {
        onError(error, event);
      } catch {
        // a throwing error handler must not break the stream either
      }
    });
    running.add(work);
    void work.finally(() => running.delete(work));
  }

  const router: Router = {
    on(filter, handler) {
      messageHandlers.push([filter, handler]);
      return router;
    },
    onCommand(name, handler) {
      return router.on(command(...(Array.isArray(name) ? name : [name])), handler);
    },
    onText(pattern, handler) {
      return router.on(regex(pattern), handler);
    },
    onCallbackQuery(data, handler) {
      callbackHandlers.push([typeof data === 'string' ? (d) => d === data : (d) => ((data.lastIndex = 0), data.exec(d)), handler]);
      return router;
    },
    onError(handler) {
      onError = handler;
      return router;
    },
    start() {
      unsubscribe ??= source(dispatch);
      return router;
    },
    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
  return router;
}
