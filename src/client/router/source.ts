/**
 * Where the router's events come from: a minimal adapter over `client.tap.onUpdates`, kept in this one
 * file beside the engine-based source the client uses (`engineEventSource`, over `client.updates`). It turns every
 * new-message form (`updateShortMessage`, `updateShortChatMessage`, `updateNew(Channel)Message`) into a
 * `Message`, and passes `updateBotCallbackQuery`. A short message from a user the cache does not know is
 * completed with `updates.getDifference` (Telegram's rule: fetch the difference for missing peers).
 * @module
 */
import type { Message, Peer, RawMessage, Update, UpdateBotCallbackQuery, Updates } from '../../tl/index.js';
import type { ClientTap } from '../tap.js';
import type { PeerContext } from '../peers/resolve.js';

/** What the router reacts to. */
export type RouterEvent = { kind: 'message'; message: Message } | { kind: 'callbackQuery'; query: UpdateBotCallbackQuery };

/** A stream of router events; returns the unsubscribe function. */
export type EventSource = (listener: (event: RouterEvent) => void) => () => void;

const NO_QTS = 0x7fffffff; // only pts events are wanted from the difference

function shortMessage(u: Extract<Updates, { _: 'updateShortMessage' | 'updateShortChatMessage' }>, selfId: number | undefined): RawMessage {
  const peerId: Peer = u._ === 'updateShortMessage' ? { _: 'peerUser', userId: u.userId } : { _: 'peerChat', chatId: u.chatId };
  const fromUser = u._ === 'updateShortMessage' ? (u.out ? selfId : u.userId) : u.fromId;
  const m: RawMessage = { _: 'message', id: u.id, peerId, date: u.date, message: u.message };
  if (fromUser !== undefined) m.fromId = { _: 'peerUser', userId: fromUser };
  if (u.out) m.out = true;
  if (u.silent) m.silent = true;
  if (u.mentioned) m.mentioned = true;
  if (u.entities) m.entities = u.entities;
  if (u.replyTo) m.replyTo = u.replyTo;
  if (u.fwdFrom) m.fwdFrom = u.fwdFrom;
  if (u.viaBotId !== undefined) m.viaBotId = u.viaBotId;
  return m;
}

function fromSingle(u: Update): RouterEvent | undefined {
  if (u._ === 'updateNewMessage' || u._ === 'updateNewChannelMessage') return { kind: 'message', message: u.message };
  if (u._ === 'updateBotCallbackQuery') return { kind: 'callbackQuery', query: u };
  return undefined;
}

/** Router events from the client's pushed updates. */
export function tapEventSource(tap: ClientTap, ctx: PeerContext): EventSource {
  return (listener) =>
    tap.onUpdates((updates) => {
      if (updates._ === 'updateShortMessage' || updates._ === 'updateShortChatMessage') {
        void shortEvent(ctx, updates).then(listener, () => undefined);
        return;
      }
      const list = updates._ === 'updates' || updates._ === 'updatesCombined' ? updates.updates : updates._ === 'updateShort' ? [updates.update] : [];
      for (const u of list) {
        const event = fromSingle(u);
        if (event) listener(event);
      }
    });
}

async function shortEvent(ctx: PeerContext, u: Extract<Updates, { _: 'updateShortMessage' | 'updateShortChatMessage' }>): Promise<RouterEvent> {
  const message = shortMessage(u, await ctx.selfId?.());
  const senderId = u._ === 'updateShortMessage' ? u.userId : u.fromId;
  if (!(await ctx.cache.get('user', senderId))) {
    // the sender's access hash comes with the difference's users (and the tap caches them)
    await ctx.invoke({ _: 'updates.getDifference', pts: u.pts - u.ptsCount, date: u.date, qts: NO_QTS, ptsLimit: Math.max(1, u.ptsCount) }, {}).catch(() => undefined);
  }
  return { kind: 'message', message };
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
