/** Stored messages as TL `Message` objects for one viewer. */
import type { Message, MessageMedia, Peer } from '../../../tl/index.js';
import type { World } from '../world.js';
import { toPeer } from './peers.js';
import type { MediaRef, StoredMessage } from './types.js';

/** The media of a message (contracts §9: `messageMediaUnsupported` until the files area installs `world.media`). */
export function mediaView(world: World, ref: MediaRef, viewerId: number): MessageMedia {
  return world.media ? world.media.view(ref, viewerId) : { _: 'messageMediaUnsupported' };
}

/** True when `viewerId` sees `m` as outgoing. */
export function isOut(m: StoredMessage, viewerId: number): boolean {
  return m.box[0] === 'c' ? m.fromId === viewerId && m.fromId !== undefined : m.out;
}

/**
 * `from_id` as Telegram sets it: absent on broadcast posts and on incoming private messages (layer 119+:
 * the sender is the dialog itself), else the author.
 */
function fromPeer(m: StoredMessage, out: boolean): Peer | undefined {
  if (m.fromId === undefined || m.post) return undefined;
  if (m.peer.kind === 'user' && !out) return undefined;
  return { _: 'peerUser', userId: m.fromId };
}

/** Optional fields of `message` / `messageService`, assigned only when present (no `undefined` members). */
type Body = Omit<Extract<Message, { _: 'message' }>, '_'>;
type Draft = { -readonly [K in keyof Body]?: Body[K] } & { _: 'message' | 'messageService'; action?: Extract<Message, { _: 'messageService' }>['action'] };

/**
 * The `message` / `messageService` of `m` as `viewerId` sees it. Built field by field rather than from
 * conditional spreads: every page of a difference renders one per message, and the spreads cost a
 * temporary object each and gave the TL writer objects of many shapes.
 */
export function messageView(world: World, m: StoredMessage, viewerId: number): Message {
  const out = isOut(m, viewerId);
  const fromId = fromPeer(m, out);
  const v: Draft = { _: m.action ? 'messageService' : 'message', id: m.id, peerId: toPeer(m.peer), date: m.date };
  if (out) v.out = true;
  if (fromId) v.fromId = fromId;
  if (m.mentioned) v.mentioned = true;
  if (m.silent) v.silent = true;
  if (m.post) v.post = true;
  if (m.replyToId !== undefined) v.replyTo = { _: 'messageReplyHeader', replyToMsgId: m.replyToId };
  if (m.action) {
    v.action = m.action;
    return v as Message;
  }
  v.message = m.text;
  if (m.pinned) v.pinned = true;
  if (m.entities && m.entities.length > 0) v.entities = m.entities;
  if (m.media) v.media = mediaView(world, m.media, viewerId);
  if (m.replyMarkup) v.replyMarkup = m.replyMarkup;
  if (m.fwdFrom) v.fwdFrom = m.fwdFrom;
  if (m.viaBotId !== undefined) v.viaBotId = m.viaBotId;
  if (m.editDate !== undefined) v.editDate = m.editDate;
  if (m.editHide) v.editHide = true;
  if (m.groupedId !== undefined) v.groupedId = m.groupedId;
  return v as Message;
}

/** Users a message names (author, action users, mention entities, forward source, via bot). */
export function messageUsers(m: StoredMessage): number[] {
  const out: number[] = [];
  if (m.fromId !== undefined && !m.post) out.push(m.fromId);
  if (m.peer.kind === 'user') out.push(m.peer.id);
  if (m.mentions) out.push(...m.mentions);
  if (m.viaBotId !== undefined) out.push(m.viaBotId);
  const fwd = m.fwdFrom?.fromId;
  if (fwd?._ === 'peerUser') out.push(fwd.userId);
  for (const e of m.entities ?? []) if (e._ === 'messageEntityMentionName') out.push(e.userId);
  return out;
}

/** Chats a message names besides its own (forward source channel). */
export function messageChats(m: StoredMessage): number[] {
  const out: number[] = [];
  if (m.peer.kind !== 'user') out.push(m.peer.id);
  const fwd = m.fwdFrom?.fromId;
  if (fwd?._ === 'peerChannel') out.push(fwd.channelId);
  return out;
}
