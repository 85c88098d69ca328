/**
 * Making a message: the copies in every recipient's box (private chats and basic groups: one per member,
 * each with the member's own id and pts; channels: one for all, numbered in the channel box), the box
 * events, and each recipient's update queued in an {@link UpdateBatch}. Every message of the world —
 * sent, forwarded, service, and the files area's media messages (contracts §9) — is made here.
 */
import type { MessageAction, MessageEntity, MessageFwdHeader, ReplyMarkup } from '../../../tl/index.js';
import type { UpdateBatch } from '../updates/batch.js';
import { renderEvent } from '../updates/render.js';
import type { UserRecord } from '../types.js';
import type { World } from '../world.js';
import type { Target } from './peers.js';
import { channelBox, peerKey, userBox } from './store.js';
import type { MediaRef, PeerRef, StoredMessage } from './types.js';
import { messageChats, messageUsers } from './view.js';

/** What a new message holds. */
export interface MessageContent {
  text: string;
  entities?: MessageEntity[];
  media?: MediaRef;
  replyMarkup?: ReplyMarkup;
  fwdFrom?: MessageFwdHeader;
  silent?: boolean;
  viaBotId?: number;
  groupedId?: bigint;
  /** A service message. */
  action?: MessageAction;
  /** Users a service message concerns. */
  mentions?: number[];
}

/** Where and when a new message goes. */
export interface NewMessage extends MessageContent {
  /** Author (absent only for service messages nobody made). */
  senderId?: number;
  target: Target;
  date: number;
  /** Message replied to, in the sender's numbering (its common box, or the channel). */
  replyToId?: number;
  /** random_id of the send (kept on the sender's copy for deduplication). */
  randomId?: bigint;
  /** Users who also receive the message (a service message about someone who just left). */
  extraRecipients?: number[];
}

/** The message as the sender's box (or the channel) holds it. */
export interface CreatedMessage {
  /** The sender's copy (channels: the one record); undefined when the sender has no copy. */
  own: StoredMessage | undefined;
  /** Every copy made: `[owner userId or channel id, message]`. */
  copies: StoredMessage[];
}

/** True when `m` mentions `user` (mention-name entity, @username) or replies to one of `user`'s messages. */
function mentions(world: World, m: StoredMessage, user: UserRecord, replyTarget: StoredMessage | undefined): boolean {
  if (replyTarget?.out) return true;
  for (const e of m.entities ?? []) {
    if (e._ === 'messageEntityMentionName' && e.userId === user.id) return true;
    if (e._ === 'messageEntityMention' && user.username !== undefined) {
      if (m.text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === user.username.toLowerCase()) return true;
    }
  }
  return false;
}

function baseRecord(input: NewMessage, id: number, box: StoredMessage['box'], peer: PeerRef, out: boolean): StoredMessage {
  const m: StoredMessage = { id, box, peer, out, date: input.date, text: input.text };
  if (input.senderId !== undefined) m.fromId = input.senderId;
  if (input.entities && input.entities.length > 0) m.entities = input.entities;
  if (input.media) m.media = input.media;
  if (input.action) m.action = input.action;
  if (input.mentions && input.mentions.length > 0) m.mentions = input.mentions;
  if (input.replyMarkup) m.replyMarkup = input.replyMarkup;
  if (input.fwdFrom) m.fwdFrom = input.fwdFrom;
  if (input.silent) m.silent = true;
  if (input.viaBotId !== undefined) m.viaBotId = input.viaBotId;
  if (input.groupedId !== undefined) m.groupedId = input.groupedId;
  return m;
}

/** Recipients of a basic-group or channel message: members (+extra), bots only where privacy lets them see it. */
function groupRecipients(world: World, input: NewMessage, m: StoredMessage): { users: number[]; botsSee: number[]; anyBot: boolean } {
  const chat = input.target.kind === 'user' ? undefined : input.target.chat;
  const replyBox = input.target.kind === 'channel' ? channelBox(input.target.chat.id) : input.senderId !== undefined ? userBox(input.senderId) : undefined;
  const replyAuthor = input.replyToId !== undefined && replyBox ? world.messages.get(replyBox, input.replyToId)?.fromId : undefined;
  const users: number[] = [];
  const botsSee: number[] = [];
  let anyBot = false;
  const all = new Set([...(chat?.participants.keys() ?? []), ...(input.extraRecipients ?? [])]);
  for (const id of all) {
    const u = world.users.get(id);
    if (!u || u.deleted) continue;
    if (u.bot && id !== input.senderId) {
      anyBot = true;
      if (!chat || !world.bots.sees(chat, u, m, replyAuthor)) continue;
      botsSee.push(id);
    }
    users.push(id);
  }
  return { users, botsSee, anyBot };
}

/** Makes the message in every box it belongs to and queues each recipient's `updateNew(Channel)Message`. */
export function createMessage(world: World, batch: UpdateBatch, input: NewMessage): CreatedMessage {
  const { target } = input;
  const store = world.messages;
  const boxes = world.updateBoxes;
  if (target.kind === 'channel') {
    const chat = target.chat;
    const box = channelBox(chat.id);
    const m = baseRecord(input, boxes.nextChannelMessageId(chat.id), box, { kind: 'channel', id: chat.id }, false);
    if (chat.broadcast) m.post = true;
    if (input.replyToId !== undefined) m.replyToId = input.replyToId;
    if (input.randomId !== undefined) m.randomId = input.randomId;
    const { users, botsSee, anyBot } = groupRecipients(world, input, m);
    if (chat.megagroup && anyBot) m.botsSee = botsSee;
    store.insert(m);
    const event = boxes.addChannelEvent(chat.id, 1, input.date, { kind: 'new', id: m.id });
    for (const userId of users) {
      const update = renderEvent(world, box, event, userId);
      if (!update) continue;
      if (userId === input.senderId && chat.megagroup && !input.action) {
        store.setReadMarks(userId, peerKey(m.peer), { ...store.readMarks(userId, peerKey(m.peer)), inbox: m.id });
        batch.add(userId, { _: 'updateReadChannelInbox', channelId: chat.id, maxId: m.id, stillUnreadCount: 0, pts: event.pts }, [], [chat]);
      }
      batch.add(userId, update, messageUsers(m), messageChats(m));
    }
    world.bots.noteMessage(chat, m);
    return { own: m, copies: [m] };
  }

  // Private chats and basic groups: one copy per recipient, in its own box.
  const senderId = input.senderId;
  const recipients: number[] = [];
  let draft: StoredMessage | undefined;
  if (target.kind === 'user') {
    if (senderId !== undefined) recipients.push(senderId);
    if (!target.self) recipients.push(target.user.id);
  } else {
    draft = baseRecord(input, 0, userBox(0), { kind: 'chat', id: target.chat.id }, false);
    recipients.push(...groupRecipients(world, input, draft).users);
  }
  const replyTarget = input.replyToId !== undefined && senderId !== undefined ? store.get(userBox(senderId), input.replyToId) : undefined;
  const copies: StoredMessage[] = [];
  const familyCopies: Array<[number, number]> = [];
  let own: StoredMessage | undefined;
  for (const userId of recipients) {
    const user = world.users.get(userId);
    if (!user) continue;
    const peer: PeerRef =
      target.kind === 'user' ? { kind: 'user', id: userId === senderId ? (target.self ? userId : target.user.id) : (senderId ?? userId) } : { kind: 'chat', id: target.chat.id };
    const m = baseRecord(input, boxes.nextAccountMessageId(userId), userBox(userId), peer, userId === senderId);
    const reply = replyTarget ? store.copyIn(replyTarget, userId) : undefined;
    if (reply) m.replyToId = reply.id;
    if (userId !== senderId && !input.action && mentions(world, m, user, reply)) m.mentioned = true;
    if (userId === senderId) {
      own = m;
      if (input.randomId !== undefined) m.randomId = input.randomId;
    }
    copies.push(m);
    familyCopies.push([userId, m.id]);
  }
  const family = copies.length > 1 ? `${copies[0]!.box}:${copies[0]!.id}` : undefined;
  if (family) store.setFamily(family, { copies: familyCopies });
  for (const m of copies) {
    if (family) m.family = family;
    store.insert(m);
    const userId = Number(m.box.slice(1));
    const event = boxes.addAccountEvent(userId, 1, input.date, { kind: 'new', id: m.id });
    const update = renderEvent(world, m.box, event, userId);
    if (update) batch.add(userId, update, messageUsers(m), messageChats(m));
  }
  if (target.kind === 'chat' && own) world.bots.noteMessage(target.chat, own);
  if (target.kind === 'user' && senderId !== undefined && !target.self) world.bots.noteStarted(target.user.id, senderId);
  return { own, copies };
}
