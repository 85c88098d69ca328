/**
 * Users and chats as the peer cache stores them: `User`/`Chat` objects → {@link PeerRecord}s, the
 * min/full merge (spec `messages.md` §8.2–§8.3: never downgrade a full access hash), and the
 * `InputPeer` a record is addressed with.
 * @module
 */
import type { PeerRecord, PeerSeenIn, PeerType } from '../../storage/types.js';
import type { Chat, InputPeer, Peer, User, Username } from '../../tl/index.js';

const now = (): number => Math.floor(Date.now() / 1000);

function activeUsernames(username: string | undefined, usernames: Username[] | undefined): string[] {
  const out: string[] = [];
  if (username) out.push(username);
  for (const u of usernames ?? []) if (u.active && !out.includes(u.username)) out.push(u.username);
  return out;
}

/** The record of a `User` (undefined for `userEmpty`). */
export function userRecord(user: User): PeerRecord | undefined {
  if (user._ !== 'user') return undefined;
  const record: PeerRecord = { type: 'user', id: user.id, min: user.min === true, usernames: activeUsernames(user.username, user.usernames), updatedAt: now() };
  if (user.accessHash !== undefined) record.accessHash = user.accessHash;
  if (user.phone) record.phone = user.phone;
  if (user.bot) record.bot = true;
  return record;
}

/** The record of a `Chat` (undefined for `chatEmpty` and kinds that are not peers). */
export function chatRecord(chat: Chat): PeerRecord | undefined {
  switch (chat._) {
    case 'chat':
    case 'chatForbidden':
      return { type: 'chat', id: chat.id, min: false, usernames: [], updatedAt: now() };
    case 'channel': {
      const record: PeerRecord = { type: 'channel', id: chat.id, min: chat.min === true, usernames: activeUsernames(chat.username, chat.usernames), updatedAt: now() };
      if (chat.accessHash !== undefined) record.accessHash = chat.accessHash;
      return record;
    }
    case 'channelForbidden':
      return { type: 'channel', id: chat.id, accessHash: chat.accessHash, min: false, usernames: [], updatedAt: now() };
    default:
      return undefined;
  }
}

/**
 * What to store when `incoming` arrives over `existing` (undefined: nothing changes). A full copy
 * replaces a min one (the backfill); a min copy never replaces a full one; a min copy over a min one
 * keeps the older message reference when it has none.
 */
export function mergePeer(existing: PeerRecord | undefined, incoming: PeerRecord): PeerRecord | undefined {
  if (!existing) return incoming;
  // the common case (the same peer again, e.g. a channel named by every push of a burst): no copy
  if (samePeer(existing, incoming)) return undefined;
  let merged: PeerRecord;
  if (!incoming.min) {
    merged = { ...incoming };
    if (merged.accessHash === undefined && existing.accessHash !== undefined && !existing.min) merged.accessHash = existing.accessHash;
    if (merged.phone === undefined && existing.phone !== undefined) merged.phone = existing.phone;
    if (merged.bot === undefined && existing.bot) merged.bot = true;
  } else if (!existing.min) {
    return undefined;
  } else {
    merged = { ...incoming };
    if (!merged.seenIn && existing.seenIn) merged.seenIn = existing.seenIn;
    if (merged.phone === undefined && existing.phone !== undefined) merged.phone = existing.phone;
  }
  return samePeer(existing, merged) ? undefined : merged;
}

function samePeer(a: PeerRecord, b: PeerRecord): boolean {
  return (
    a.type === b.type &&
    a.id === b.id &&
    a.accessHash === b.accessHash &&
    a.min === b.min &&
    a.phone === b.phone &&
    a.bot === b.bot &&
    a.usernames.length === b.usernames.length &&
    a.usernames.every((u, i) => u === b.usernames[i]) &&
    a.seenIn?.peerType === b.seenIn?.peerType &&
    a.seenIn?.peerId === b.seenIn?.peerId &&
    a.seenIn?.msgId === b.seenIn?.msgId
  );
}

/** The kind and bare id of a `Peer`. */
export function peerKey(peer: Peer): { type: PeerType; id: number } {
  switch (peer._) {
    case 'peerUser':
      return { type: 'user', id: peer.userId };
    case 'peerChat':
      return { type: 'chat', id: peer.chatId };
    default:
      return { type: 'channel', id: peer.channelId };
  }
}

/**
 * The `InputPeer` of a record. A full record is addressed with its hash; a min one through the message
 * it was seen in (`inputPeer*FromMessage`, whose chat `chatOf` supplies); undefined when a min record
 * has no usable message.
 */
export function inputPeerOfRecord(record: PeerRecord, chatOf: (seen: PeerSeenIn) => InputPeer | undefined): InputPeer | undefined {
  if (record.type === 'chat') return { _: 'inputPeerChat', chatId: record.id };
  if (!record.min) {
    const accessHash = record.accessHash ?? 0n;
    return record.type === 'user' ? { _: 'inputPeerUser', userId: record.id, accessHash } : { _: 'inputPeerChannel', channelId: record.id, accessHash };
  }
  if (!record.seenIn) return undefined;
  const peer = chatOf(record.seenIn);
  if (!peer) return undefined;
  return record.type === 'user'
    ? { _: 'inputPeerUserFromMessage', peer, msgId: record.seenIn.msgId, userId: record.id }
    : { _: 'inputPeerChannelFromMessage', peer, msgId: record.seenIn.msgId, channelId: record.id };
}
