/**
 * The updates one operation produces, per recipient account. {@link UpdateBatch.deliver} numbers the
 * box-less containers (`seq`), picks Telegram's shapes (`updateShortMessage`, `updateShortChatMessage`,
 * `updateShortSentMessage`, `updateShort`, `updates`), pushes every account's container to its sessions
 * (the caller's account to its other sessions) and returns the caller's result (spec/updates.md §3).
 */
import type { RequestContext } from '../../context.js';
import type { Chat, MessageEntity, Update, Updates, User } from '../../../tl/index.js';
import type { ChatRecord } from '../types.js';
import { chatView } from '../views/chat.js';
import { minChannelView, minPeersOfPush, minUserView } from '../views/min.js';
import { userView } from '../views/user.js';
import type { World } from '../world.js';
import { MESSAGE_RULES } from '../messages/rules.js';
import { isBoxUpdate } from './render.js';

interface Bucket {
  updates: Update[];
  users: Set<number>;
  chats: Set<number>;
}

const TYPING = new Set<Update['_']>(['updateUserTyping', 'updateChatUserTyping', 'updateChannelUserTyping']);

/** A message that may travel as `updateShortMessage` / `updateShortChatMessage` (spec §3.2). */
function shortable(u: Update): boolean {
  if (u._ !== 'updateNewMessage' || u.message._ !== 'message') return false;
  const m = u.message;
  if (m.media || m.replyMarkup || m.groupedId !== undefined) return false;
  return m.peerId._ === 'peerUser' || (m.peerId._ === 'peerChat' && m.fromId?._ === 'peerUser');
}

/** The short push form of a one-message container, or undefined. */
export function shortForm(full: Updates): Updates | undefined {
  if (full._ !== 'updates' || full.updates.length !== 1) return undefined;
  const u = full.updates[0]!;
  if (!shortable(u) || u._ !== 'updateNewMessage' || u.message._ !== 'message') return undefined;
  const m = u.message;
  const fields = {
    id: m.id,
    message: m.message,
    pts: u.pts,
    ptsCount: u.ptsCount,
    date: m.date,
    ...(m.out ? { out: true } : {}),
    ...(m.mentioned ? { mentioned: true } : {}),
    ...(m.mediaUnread ? { mediaUnread: true } : {}),
    ...(m.silent ? { silent: true } : {}),
    ...(m.fwdFrom ? { fwdFrom: m.fwdFrom } : {}),
    ...(m.viaBotId !== undefined ? { viaBotId: m.viaBotId } : {}),
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    ...(m.entities ? { entities: m.entities } : {}),
  };
  if (m.peerId._ === 'peerUser') return { _: 'updateShortMessage', userId: m.peerId.userId, ...fields };
  if (m.peerId._ === 'peerChat' && m.fromId?._ === 'peerUser') {
    return { _: 'updateShortChatMessage', fromId: m.fromId.userId, chatId: m.peerId.chatId, ...fields };
  }
  return undefined;
}

/** Per-recipient updates of one operation. */
export class UpdateBatch {
  private readonly buckets = new Map<number, Bucket>();
  private readonly resultOnly: Update[] = [];
  /**
   * Entities for the caller's `updateShortSentMessage` (set by a send whose entities the server changed);
   * `undefined` leaves them out.
   */
  sentEntities: MessageEntity[] | undefined;
  /** Allows the caller's result to be `updateShortSentMessage` (plain sends only). */
  shortSent = false;

  constructor(private readonly world: World) {}

  private bucket(userId: number): Bucket {
    let b = this.buckets.get(userId);
    if (!b) {
      b = { updates: [], users: new Set(), chats: new Set() };
      this.buckets.set(userId, b);
    }
    return b;
  }

  /** Queues `update` for `userId`, with the users and chats it mentions. */
  add(userId: number, update: Update, users: Iterable<number> = [], chats: Iterable<ChatRecord | number> = []): void {
    const b = this.bucket(userId);
    b.updates.push(update);
    for (const u of users) b.users.add(u);
    for (const c of chats) b.chats.add(typeof c === 'number' ? c : c.id);
  }

  /** Queues a qts update for `userId`: numbers it with the account's next qts and keeps it for differences. */
  addQts(userId: number, date: number, make: (qts: number) => Update, users: Iterable<number> = [], chats: Iterable<ChatRecord | number> = []): void {
    this.add(userId, this.world.updateBoxes.addQts(userId, date, make), users, chats);
  }

  /** An update only the caller's result carries (`updateMessageID`), placed before the rest. */
  addToResult(update: Update): void {
    this.resultOnly.push(update);
  }

  /** Recipients with queued updates. */
  recipients(): number[] {
    return [...this.buckets.keys()];
  }

  private views(b: Bucket, userId: number): { users: User[]; chats: Chat[] } {
    const users: User[] = [];
    const chats: Chat[] = [];
    // messages of big channels name strangers as min copies (rule minPeersInBigChannelPushes)
    const min = minPeersOfPush(this.world, userId, b.updates);
    for (const id of b.users) {
      const u = this.world.users.get(id);
      if (u) users.push(min.users.has(id) ? minUserView(u) : userView(u, userId));
    }
    for (const id of b.chats) {
      const c = this.world.chats.get(id);
      if (c) chats.push(min.chats.has(id) ? minChannelView(c) : chatView(c, userId));
    }
    return { users, chats };
  }

  /** The container `userId` gets: numbered with the next seq when it holds no box update. */
  private container(userId: number, b: Bucket, date: number): Updates {
    if (MESSAGE_RULES.typingAsUpdateShort && b.updates.length === 1 && TYPING.has(b.updates[0]!._)) {
      return { _: 'updateShort', update: b.updates[0]!, date };
    }
    const boxless = b.updates.filter((u) => !isBoxUpdate(u));
    let seq = 0;
    if (boxless.length > 0) {
      // only containers without pts/qts updates take a seq (spec §3); the box-less rest is kept for differences
      const numbered = boxless.length === b.updates.length;
      seq = this.world.updateBoxes.addBoxless(userId, date, numbered, boxless, [...b.users], [...b.chats]);
    }
    const { users, chats } = this.views(b, userId);
    return { _: 'updates', updates: b.updates, users, chats, date, seq };
  }

  /** The caller's result: result-only updates first; `updateShortSentMessage` for a plain private/basic send. */
  private result(own: Updates | undefined, date: number): Updates {
    const base: Updates = own ?? { _: 'updates', updates: [], users: [], chats: [], date, seq: 0 };
    if (base._ !== 'updates') return base;
    const updates = [...this.resultOnly, ...base.updates];
    const sent = updates.length === 2 && updates[0]!._ === 'updateMessageID' ? updates[1]! : undefined;
    if (this.shortSent && sent && shortable(sent) && sent._ === 'updateNewMessage' && sent.message._ === 'message') {
      return {
        _: 'updateShortSentMessage',
        out: true,
        id: sent.message.id,
        pts: sent.pts,
        ptsCount: sent.ptsCount,
        date: sent.message.date,
        ...(this.sentEntities ? { entities: this.sentEntities } : {}),
      };
    }
    return { ...base, updates };
  }

  /**
   * Pushes every recipient's container (the caller's account: to its other sessions only) and returns the
   * caller's result. `callerId` undefined: nobody's result (every recipient is pushed to in full). Without
   * `ctx` (seeding, timers) pushes go through `world.cluster.pushUpdates` at the world's time.
   */
  deliver(ctx: RequestContext | undefined, callerId: number | undefined): Updates {
    const date = ctx ? ctx.now() : this.world.now();
    let own: Updates | undefined;
    for (const [userId, b] of this.buckets) {
      const full = this.container(userId, b, date);
      const push = shortForm(full) ?? full;
      this.world.pusher.send(ctx, userId, push, { excludeCaller: userId === callerId, full });
      if (userId === callerId) own = full;
    }
    return this.result(own, date);
  }
}
