/**
 * Sending (spec/messages.md §2) and forwarding (§5): the checks in their documented order, random_id
 * deduplication, and {@link postMessage} — the one entry the files area's `sendMedia` uses too.
 */
import type { InputPeer, InputReplyTo, MessageEntity, MessageFwdHeader, ReplyMarkup, Updates } from '../../../tl/index.js';
import type { RequestContext } from '../../context.js';
import { UpdateBatch } from '../updates/batch.js';
import type { UserRecord } from '../types.js';
import type { World } from '../world.js';
import { createMessage, type MessageContent } from './create.js';
import { messageFail } from './errors.js';
import { storedMarkup } from './markup.js';
import { hasChatRight, resolveTarget, targetBox, targetPeer, type Target } from './peers.js';
import { peerKey } from './store.js';
import { normalizeText } from './text.js';
import type { MediaRef, StoredMessage } from './types.js';
import { messageChats, messageUsers, messageView } from './view.js';
import { chatsView } from '../views/chat.js';
import { usersView } from '../views/user.js';

/** A send as `messages.sendMessage` (or the files area's `sendMedia`) asks for it. */
export interface PostRequest {
  peer: InputPeer;
  randomId: bigint;
  /** Text, or the caption of `media`. */
  text: string;
  entities?: MessageEntity[];
  media?: MediaRef;
  replyTo?: InputReplyTo;
  replyMarkup?: ReplyMarkup;
  silent?: boolean;
  scheduleDate?: number;
  /** Method name, part of the random_id key (another method with the same random_id is a duplicate). */
  method: string;
}

/** Spec §2.1–2.2: may `caller` post into `target`? */
export function checkWrite(world: World, caller: UserRecord, target: Target): void {
  if (target.kind === 'user') {
    if (target.self) return;
    if (caller.bot && target.user.bot) messageFail('userIsBot');
    if (caller.bot && !world.bots.hasStarted(caller.id, target.user.id)) messageFail('peerInvalid');
    return;
  }
  const chat = target.chat;
  if (target.kind === 'channel') {
    if (chat.broadcast && !hasChatRight(chat, caller.id, 'postMessages')) messageFail('adminRequired');
    const ban = chat.banned.get(caller.id);
    if (ban && !ban.kicked) messageFail('userBannedInChannel');
  }
}

/** The replied-to message id in the sender's numbering (spec §2.6). */
function replyTarget(world: World, caller: UserRecord, target: Target, replyTo: InputReplyTo | undefined): number | undefined {
  if (!replyTo) return undefined;
  if (replyTo._ !== 'inputReplyToMessage') messageFail('replyToInvalid');
  if (replyTo.replyToPeerId && replyTo.replyToPeerId._ !== 'inputPeerEmpty') {
    const other = resolveTarget(world, caller, replyTo.replyToPeerId, false);
    if (peerKey(targetPeer(other, caller.id)) !== peerKey(targetPeer(target, caller.id))) messageFail('replyToInvalid');
  }
  const m = world.messages.get(targetBox(target, caller.id), replyTo.replyToMsgId);
  if (!m || peerKey(m.peer) !== peerKey(targetPeer(target, caller.id))) messageFail('replyMessageInvalid');
  if (replyTo.quoteText !== undefined && replyTo.quoteText !== '' && !m.text.includes(replyTo.quoteText)) messageFail('quoteInvalid');
  return m.id;
}

/** The original message again for a reused random_id (spec §2.9), or undefined for a new one. */
function replay(world: World, ctx: RequestContext, caller: UserRecord, randomId: bigint, key: string): Updates | undefined {
  if (randomId === 0n) return undefined;
  const seen = world.messages.randomId(caller.id, randomId);
  if (!seen) return undefined;
  const m = world.messages.get(seen.box, seen.id);
  if (!m || seen.peer !== key) messageFail('randomIdDuplicate');
  return replayUpdates(world, ctx, caller, [[m, randomId, seen.pts]]);
}

function replayUpdates(world: World, ctx: RequestContext, caller: UserRecord, sent: Array<[StoredMessage, bigint, number]>): Updates {
  const users = new Set<number>();
  const chats = new Set<number>();
  const ids = sent.map(([m, randomId]) => ({ _: 'updateMessageID' as const, id: m.id, randomId }));
  const news = sent.map(([m, , pts]) => {
    for (const u of messageUsers(m)) users.add(u);
    for (const c of messageChats(m)) chats.add(c);
    const message = messageView(world, m, caller.id);
    return { _: m.box[0] === 'c' ? ('updateNewChannelMessage' as const) : ('updateNewMessage' as const), message, pts, ptsCount: 0 };
  });
  const chatRecords = [...chats].flatMap((id) => {
    const c = world.chats.get(id);
    return c ? [c] : [];
  });
  return { _: 'updates', updates: [...ids, ...news], users: usersView(world.users, users, caller.id), chats: chatsView(chatRecords, caller.id), date: ctx.now(), seq: 0 };
}

function rememberRandomId(world: World, caller: UserRecord, randomId: bigint | undefined, key: string, m: StoredMessage | undefined): void {
  if (randomId === undefined || randomId === 0n || !m) return;
  const pts = m.box[0] === 'c' ? world.updateBoxes.channel(Number(m.box.slice(1))).pts : world.updateBoxes.account(caller.id).pts;
  world.messages.setRandomId(caller.id, randomId, { box: m.box, id: m.id, peer: key, pts });
}

/**
 * Posts a message as `caller` (spec §2): peer and write checks, text normalisation (a caption when `media` is
 * set), reply, markup, schedule and random_id rules, then {@link createMessage} and delivery. Returns the
 * caller's `Updates` (`updateShortSentMessage` for plain text in private chats and basic groups).
 */
export function postMessage(world: World, ctx: RequestContext, caller: UserRecord, req: PostRequest): Updates {
  const target = resolveTarget(world, caller, req.peer, true);
  checkWrite(world, caller, target);
  const text = normalizeText(world, caller, req.text, req.entities, req.media ? { caption: true } : {});
  const replyToId = replyTarget(world, caller, target, req.replyTo);
  const replyMarkup = storedMarkup(world, caller, req.replyMarkup, target.kind === 'channel' && target.chat.broadcast);
  const now = ctx.now();
  if (req.scheduleDate !== undefined) {
    if (caller.bot) messageFail('scheduleBot');
    if (req.scheduleDate > now + 367 * 86400) messageFail('scheduleTooLate');
    if (req.scheduleDate > now) messageFail('scheduleUnsupported');
  }
  const key = `${req.method}|${peerKey(targetPeer(target, caller.id))}`;
  const again = replay(world, ctx, caller, req.randomId, key);
  if (again) return again;
  const batch = new UpdateBatch(world);
  const content: MessageContent = { text: text.text, entities: text.entities };
  if (req.media) content.media = req.media;
  if (replyMarkup) content.replyMarkup = replyMarkup;
  if (req.silent) content.silent = true;
  const { own } = createMessage(world, batch, {
    ...content,
    senderId: caller.id,
    target,
    date: now,
    ...(replyToId !== undefined ? { replyToId } : {}),
    ...(req.randomId !== 0n ? { randomId: req.randomId } : {}),
  });
  rememberRandomId(world, caller, req.randomId, key, own);
  if (own) batch.addToResult({ _: 'updateMessageID', id: own.id, randomId: req.randomId });
  batch.shortSent = !req.media && !replyMarkup;
  if (text.changed) batch.sentEntities = text.entities;
  world.changed();
  return batch.deliver(ctx, caller.id);
}

/** The forward header of a copy of `m` (re-forwards keep the first header). */
function forwardHeader(m: StoredMessage): MessageFwdHeader {
  if (m.fwdFrom) return m.fwdFrom;
  if (m.post) return { _: 'messageFwdHeader', fromId: { _: 'peerChannel', channelId: m.peer.id }, date: m.date, channelPost: m.id };
  return { _: 'messageFwdHeader', date: m.date, ...(m.fromId !== undefined ? { fromId: { _: 'peerUser' as const, userId: m.fromId } } : {}) };
}

/** What `messages.forwardMessages` asks for. */
export interface ForwardRequest {
  fromPeer: InputPeer;
  toPeer: InputPeer;
  id: number[];
  randomId: bigint[];
  silent?: boolean;
  dropAuthor?: boolean;
  dropMediaCaptions?: boolean;
}

/** Spec §5: one new message per found id, in request order, each with its `updateMessageID`. */
export function forwardMessages(world: World, ctx: RequestContext, caller: UserRecord, req: ForwardRequest): Updates {
  const from = resolveTarget(world, caller, req.fromPeer, false);
  const to = resolveTarget(world, caller, req.toPeer, true);
  checkWrite(world, caller, to);
  if (req.id.length === 0) messageFail('forwardsEmpty');
  if (req.randomId.length !== req.id.length || req.randomId.some((r) => r === 0n)) messageFail('randomIdInvalid');
  if (req.id.length > world.messageSwitches.forwardedCountMax) messageFail('messageIdInvalid');
  const key = `messages.forwardMessages|${peerKey(targetPeer(to, caller.id))}`;
  const fromBox = targetBox(from, caller.id);
  const fromPeer = peerKey(targetPeer(from, caller.id));
  const sources = req.id.map((id) => {
    const m = world.messages.get(fromBox, id);
    return m && !m.action && peerKey(m.peer) === fromPeer ? m : undefined;
  });
  if (sources.every((m) => m === undefined)) messageFail('messageIdInvalid');
  const replays: Array<[StoredMessage, bigint, number]> = [];
  for (const randomId of req.randomId) {
    const seen = world.messages.randomId(caller.id, randomId);
    if (!seen) continue;
    const m = world.messages.get(seen.box, seen.id);
    if (!m || seen.peer !== key) messageFail('randomIdDuplicate');
    replays.push([m, randomId, seen.pts]);
  }
  if (replays.length === req.randomId.length) return replayUpdates(world, ctx, caller, replays);
  const now = ctx.now();
  const batch = new UpdateBatch(world);
  sources.forEach((src, i) => {
    const randomId = req.randomId[i]!;
    if (!src || world.messages.randomId(caller.id, randomId)) return;
    const dropCaption = req.dropAuthor && req.dropMediaCaptions && src.media !== undefined;
    const content: MessageContent = {
      text: dropCaption ? '' : src.text,
      ...(!dropCaption && src.entities ? { entities: src.entities } : {}),
      ...(src.media ? { media: src.media } : {}),
      ...(req.dropAuthor ? {} : { fwdFrom: forwardHeader(src) }),
      ...(req.silent ? { silent: true } : {}),
    };
    const { own } = createMessage(world, batch, { ...content, senderId: caller.id, target: to, date: now, randomId });
    rememberRandomId(world, caller, randomId, key, own);
    if (own) batch.addToResult({ _: 'updateMessageID', id: own.id, randomId });
  });
  world.changed();
  return batch.deliver(ctx, caller.id);
}
