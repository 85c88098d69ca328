/**
 * Where the router's events come from: the updates engine (`client.updates`), which delivers in
 * order, exactly once, with the short forms already turned into full updates and missing peers
 * fetched. New messages (`updateNew(Channel)Message`) and `updateBotCallbackQuery` become events.
 * @module
 */
import type { Message, Update, UpdateBotCallbackQuery } from '../../tl/index.js';

/** What the router reacts to. */
export type RouterEvent = { kind: 'message'; message: Message } | { kind: 'callbackQuery'; query: UpdateBotCallbackQuery };

/** A stream of router events; returns the unsubscribe function. */
export type EventSource = (listener: (event: RouterEvent) => void) => () => void;

function fromSingle(u: Update): RouterEvent | undefined {
  if (u._ === 'updateNewMessage' || u._ === 'updateNewChannelMessage') return { kind: 'message', message: u.message };
  if (u._ === 'updateBotCallbackQuery') return { kind: 'callbackQuery', query: u };
  return undefined;
}

/**
 * Router events from the updates engine (`client.updates`): ordered, gap-free and exactly once; the
 * engine has already turned the short forms into full updates and fetched missing peers.
 */
export function engineEventSource(updates: { on(event: 'update', handler: (update: Update) => void): () => void }): EventSource {
  return (listener) =>
    updates.on('update', (update) => {
      const event = fromSingle(update);
      if (event) listener(event);
    });
}
