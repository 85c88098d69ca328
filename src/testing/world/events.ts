/**
 * Updates fan-out: handlers collect per-recipient updates in a {@link Fanout}, then {@link Fanout.deliver}
 * pushes them (`ctx.pushUpdates`) and returns the caller's own `Updates`.
 */
import type { RequestContext } from '../context.js';
import type { MessageAction, Update, Updates } from '../../tl/index.js';
import { mayManageLinks } from './access.js';
import type { ChatRecord, MessageRecord } from './types.js';
import { chatView } from './views/chat.js';
import { chatPeer, serviceMessageView } from './views/message.js';
import { userView } from './views/user.js';
import type { World } from './world.js';

interface Bucket {
  updates: Update[];
  users: Set<number>;
  chats: Set<ChatRecord>;
}

/** Per-recipient updates of one operation. */
export class Fanout {
  private readonly buckets = new Map<number, Bucket>();

  constructor(private readonly world: World) {}

  /** Queues `update` for `userId`, with the users and chats it mentions. */
  add(userId: number, update: Update, users: Iterable<number> = [], chats: Iterable<ChatRecord> = []): void {
    let bucket = this.buckets.get(userId);
    if (!bucket) {
      bucket = { updates: [], users: new Set(), chats: new Set() };
      this.buckets.set(userId, bucket);
    }
    bucket.updates.push(update);
    for (const u of users) bucket.users.add(u);
    for (const c of chats) bucket.chats.add(c);
  }

  /** Recipients with queued updates. */
  recipients(): number[] {
    return [...this.buckets.keys()];
  }

  /** The `updates` object `userId` receives (empty `updates` when nothing is queued). */
  build(userId: number, date: number): Updates {
    const bucket = this.buckets.get(userId);
    const users = [];
    const chats = [];
    if (bucket) {
      for (const id of bucket.users) {
        const u = this.world.users.get(id);
        if (u) users.push(userView(u, userId));
      }
      for (const c of bucket.chats) chats.push(chatView(c, userId));
    }
    return { _: 'updates', updates: bucket?.updates ?? [], users, chats, date, seq: 0 };
  }

  /**
   * Pushes every recipient's updates; the caller's go to its other sessions only, and are returned
   * (with `extra` updates appended) as the method result.
   */
  deliver(ctx: RequestContext, callerId: number | undefined): Updates {
    const date = ctx.now();
    let own: Updates | undefined;
    for (const userId of this.buckets.keys()) {
      const updates = this.build(userId, date);
      if (userId === callerId) {
        own = updates;
        ctx.pushUpdates(userId, updates, { excludeCaller: true });
      } else {
        ctx.pushUpdates(userId, updates);
      }
    }
    return own ?? (callerId === undefined ? this.build(-1, date) : this.build(callerId, date));
  }
}

/**
 * Posts a service message in `chat` (per-member boxes for basic groups, the channel's box otherwise) and queues
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
  const recipients = new Set([...chat.participants.keys(), ...extraRecipients]);
  const users = fromId === undefined ? mentions : [fromId, ...mentions];
  if (chat.kind === 'channel') {
    chat.maxMessageId++;
    chat.pts++;
    const record: MessageRecord = { id: chat.maxMessageId, date, mentions, action: action._ };
    if (fromId !== undefined && !chat.broadcast) record.fromId = fromId;
    chat.messages.set(record.id, record);
    for (const userId of recipients) {
      const message = serviceMessageView(chat, record, action, userId);
      fan.add(userId, { _: 'updateNewChannelMessage', message, pts: chat.pts, ptsCount: 1 }, users, [chat]);
    }
    return;
  }
  for (const userId of recipients) {
    const user = world.users.get(userId);
    if (!user || user.deleted) continue;
    user.maxMessageId++;
    user.pts++;
    const record: MessageRecord = { id: user.maxMessageId, date, mentions, action: action._ };
    if (fromId !== undefined) record.fromId = fromId;
    let box = chat.boxes.get(userId);
    if (!box) {
      box = new Map();
      chat.boxes.set(userId, box);
    }
    box.set(record.id, record);
    const message = serviceMessageView(chat, record, action, userId);
    fan.add(userId, { _: 'updateNewMessage', message, pts: user.pts, ptsCount: 1 }, users, [chat]);
  }
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

/** Next qts of a user. */
export function nextQts(world: World, userId: number): number {
  const user = world.users.get(userId);
  if (!user) return 0;
  user.qts++;
  return user.qts;
}
