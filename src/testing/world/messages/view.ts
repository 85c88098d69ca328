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

/** The `message` / `messageService` of `m` as `viewerId` sees it. */
export function messageView(world: World, m: StoredMessage, viewerId: number): Message {
  const out = isOut(m, viewerId);
  const fromId = fromPeer(m, out);
  const common = {
    id: m.id,
    peerId: toPeer(m.peer),
    date: m.date,
    ...(out ? { out: true } : {}),
    ...(fromId ? { fromId } : {}),
    ...(m.mentioned ? { mentioned: true } : {}),
    ...(m.silent ? { silent: true } : {}),
    ...(m.post ? { post: true } : {}),
    ...(m.replyToId !== undefined ? { replyTo: { _: 'messageReplyHeader' as const, replyToMsgId: m.replyToId } } : {}),
  };
  if (m.action) return { _: 'messageService', ...common, action: m.action };
  return {
    _: 'message',
    ...common,
    message: m.text,
    ...(m.pinned ? { pinned: true } : {}),
    ...(m.entities && m.entities.length > 0 ? { entities: m.entities } : {}),
    ...(m.media ? { media: mediaView(world, m.media, viewerId) } : {}),
    ...(m.replyMarkup ? { replyMarkup: m.replyMarkup } : {}),
    ...(m.fwdFrom ? { fwdFrom: m.fwdFrom } : {}),
    ...(m.viaBotId !== undefined ? { viaBotId: m.viaBotId } : {}),
    ...(m.editDate !== undefined ? { editDate: m.editDate } : {}),
    ...(m.editHide ? { editHide: true } : {}),
    ...(m.groupedId !== undefined ? { groupedId: m.groupedId } : {}),
  };
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
