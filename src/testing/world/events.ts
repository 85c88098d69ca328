/**
 * Events of the world's older areas (joins, leaves, requests) in terms of the messages and updates areas:
 * service messages go through `messages/create.ts`, updates through an {@link UpdateBatch} (re-exported as
 * `Fanout`), so they share the accounts' and channels' pts / qts / seq.
 */
import type { MessageAction } from '../../tl/index.js';
import { mayManageLinks } from './access.js';
import { createMessage } from './messages/create.js';
import { UpdateBatch } from './updates/batch.js';
import type { ChatRecord } from './types.js';
import { chatPeer } from './views/message.js';
import type { World } from './world.js';

/** Per-recipient updates of one operation (the updates area's batch). */
export { UpdateBatch as Fanout };
type Fanout = UpdateBatch;

/**
 * Posts a service message in `chat` (per-member copies in basic groups, the channel's box otherwise) and queues
 * `updateNewMessage` / `updateNewChannelMessage` for every member plus `extraRecipients` (e.g. a user who just left).
 */
export function postServiceMessage(
  world: World,
  fan: Fanout,
  chat: ChatRecord,
  fromId: number | undefined,
  action: MessageAction,
  mentions: number[],
  date: number,
  extraRecipients: number[] = [],
): void {
  createMessage(world, fan, {
    text: '',
    action,
    mentions,
    target: chat.kind === 'channel' ? { kind: 'channel', chat } : { kind: 'chat', chat },
    date,
    extraRecipients,
    ...(fromId !== undefined ? { senderId: fromId } : {}),
  });
}

/** Queues `updateChannel` for `userIds` (membership or rights of a channel changed). */
export function channelChanged(fan: Fanout, chat: ChatRecord, userIds: Iterable<number>): void {
  if (chat.kind !== 'channel') return;
  for (const userId of userIds) fan.add(userId, { _: 'updateChannel', channelId: chat.id }, [], [chat]);
}

/** Ids of the newest pending requesters (spec §13: up to 3). */
export function recentRequesters(world: World, chat: ChatRecord): number[] {
  return [...chat.requests.values()]
    .sort((a, b) => b.date - a.date || b.userId - a.userId)
    .slice(0, world.switches.recentRequesters)
    .map((r) => r.userId);
}

/** Spec §13: `updatePendingJoinRequests` to every user admin who may manage links. */
export function pendingRequestsChanged(world: World, fan: Fanout, chat: ChatRecord): void {
  const recent = recentRequesters(world, chat);
  for (const userId of chat.participants.keys()) {
    const user = world.users.get(userId);
    if (!user || user.bot || !mayManageLinks(chat, userId)) continue;
    fan.add(
      userId,
      { _: 'updatePendingJoinRequests', peer: chatPeer(chat), requestsPending: chat.requests.size, recentRequesters: recent },
      recent,
      [chat],
    );
  }
}

/** Bot admins of a chat (recipients of the chat_member / join-request streams). */
export function botAdmins(world: World, chat: ChatRecord): number[] {
  const out: number[] = [];
  for (const userId of chat.participants.keys()) {
    if (world.users.get(userId)?.bot && mayManageLinks(chat, userId)) out.push(userId);
  }
  return out;
}
