/**
 * Which dialog an `InputPeer` names for a messaging method (spec/messages.md §1.2, checks P1–P6), and
 * the `…FromMessage` lookups shared with the rest of the world.
 */
import type { InputPeer, Peer } from '../../../tl/index.js';
import type { ChatRecord, UserRecord } from '../types.js';
import type { World } from '../world.js';
import { messageFail } from './errors.js';
import { channelBox, userBox } from './store.js';
import type { PeerRef, StoredMessage } from './types.js';

/** A dialog target: a private chat (or Saved Messages), a basic group, or a channel/supergroup. */
export type Target =
  | { kind: 'user'; user: UserRecord; self: boolean }
  | { kind: 'chat'; chat: ChatRecord }
  | { kind: 'channel'; chat: ChatRecord };

/** TL `Peer` of a {@link PeerRef}. */
export function toPeer(ref: PeerRef): Peer {
  if (ref.kind === 'user') return { _: 'peerUser', userId: ref.id };
  if (ref.kind === 'chat') return { _: 'peerChat', chatId: ref.id };
  return { _: 'peerChannel', channelId: ref.id };
}

/** The dialog peer of `target` as `viewerId` sees it. */
export function targetPeer(target: Target, viewerId: number): PeerRef {
  if (target.kind === 'user') return { kind: 'user', id: target.self ? viewerId : target.user.id };
  return { kind: target.kind, id: target.chat.id };
}

/** True when `m` names `id` as its author, a mentioned user (also by a mention-name entity), its channel or its forward source. */
function references(m: StoredMessage, id: number): boolean {
  if (m.fromId === id || m.mentions?.includes(id) || (m.peer.kind !== 'user' && m.peer.id === id)) return true;
  if (m.peer.kind === 'user' && m.peer.id === id) return true;
  const fwd = m.fwdFrom?.fromId;
  if (fwd !== undefined && ((fwd._ === 'peerUser' && fwd.userId === id) || (fwd._ === 'peerChannel' && fwd.channelId === id))) return true;
  // a mention by id names its user too (spec §8.3: sender, fwd_from, mentionName)
  return m.entities?.some((e) => e._ === 'messageEntityMentionName' && e.userId === id) === true;
}

/** The message `msgId` of the dialog `peer` as `viewer` sees it (no access checks beyond the peer's own). */
export function messageInPeer(world: World, viewer: UserRecord, peer: InputPeer, msgId: number): StoredMessage | undefined {
  switch (peer._) {
    case 'inputPeerSelf':
    case 'inputPeerUser':
    case 'inputPeerChat': {
      const m = world.messages.get(userBox(viewer.id), msgId);
      if (!m) return undefined;
      const want: PeerRef =
        peer._ === 'inputPeerSelf'
          ? { kind: 'user', id: viewer.id }
          : peer._ === 'inputPeerUser'
            ? { kind: 'user', id: peer.userId }
            : { kind: 'chat', id: peer.chatId };
      return m.peer.kind === want.kind && m.peer.id === want.id ? m : undefined;
    }
    case 'inputPeerChannel': {
      const chat = world.chats.get(peer.channelId);
      if (!chat || chat.accessHash !== peer.accessHash) return undefined;
      return world.messages.get(channelBox(chat.id), msgId);
    }
    default:
      return undefined;
  }
}

/** True when message `msgId` of `peer` (as `viewer` sees it) exists and references `id` (spec P3). */
export function messageReferences(world: World, viewer: UserRecord, peer: InputPeer, msgId: number, id: number): boolean {
  const m = messageInPeer(world, viewer, peer, msgId);
  return m !== undefined && references(m, id);
}

function resolveUser(world: World, caller: UserRecord, user: UserRecord | undefined): Target {
  if (!user) return messageFail('peerInvalid');
  if (user.deleted) return messageFail('userDeactivated');
  return { kind: 'user', user, self: user.id === caller.id };
}

function channelTarget(caller: UserRecord, chat: ChatRecord | undefined, write: boolean): Target {
  if (!chat || chat.kind !== 'channel' || chat.deleted) return messageFail('channelInvalid');
  const member = chat.participants.has(caller.id);
  if (!member) {
    if (chat.banned.get(caller.id)?.kicked || chat.username === undefined) messageFail('channelPrivate');
    if (write) messageFail('writeForbidden');
  }
  return { kind: 'channel', chat };
}

/**
 * Resolves `peer` for a messaging method (P1–P6). `write` refuses what the caller may read but not post to
 * (a basic group it left, a public channel it did not join).
 */
export function resolveTarget(world: World, caller: UserRecord, peer: InputPeer, write: boolean): Target {
  switch (peer._) {
    case 'inputPeerEmpty':
      return messageFail('peerInvalid');
    case 'inputPeerSelf':
      return { kind: 'user', user: caller, self: true };
    case 'inputPeerUser': {
      const user = world.users.get(peer.userId);
      return resolveUser(world, caller, user && user.accessHash === peer.accessHash ? user : undefined);
    }
    case 'inputPeerUserFromMessage': {
      if (caller.bot) messageFail('fromMessageBot');
      if (!messageReferences(world, caller, peer.peer, peer.msgId, peer.userId)) messageFail('msgIdInvalid');
      return resolveUser(world, caller, world.users.get(peer.userId));
    }
    case 'inputPeerChat': {
      const chat = world.chats.get(peer.chatId);
      if (!chat || chat.kind !== 'chat' || (write && chat.migratedTo !== undefined)) messageFail('chatInvalid');
      if (!chat.participants.has(caller.id) && (write || !chat.left.has(caller.id))) messageFail('writeForbidden');
      return { kind: 'chat', chat };
    }
    case 'inputPeerChannel': {
      const chat = world.chats.get(peer.channelId);
      return channelTarget(caller, chat && chat.accessHash === peer.accessHash ? chat : undefined, write);
    }
    case 'inputPeerChannelFromMessage': {
      if (caller.bot) messageFail('fromMessageBot');
      if (!messageReferences(world, caller, peer.peer, peer.msgId, peer.channelId)) messageFail('msgIdInvalid');
      return channelTarget(caller, world.chats.get(peer.channelId), write);
    }
    default:
      return messageFail('peerInvalid');
  }
}

/** The box a target's messages live in for `viewerId`. */
export function targetBox(target: Target, viewerId: number): `u${number}` | `c${number}` {
  return target.kind === 'channel' ? channelBox(target.chat.id) : userBox(viewerId);
}

/** Creator or an admin of `chat` holding `right` (basic-group admins hold every right). */
export function hasChatRight(chat: ChatRecord, userId: number, right: import('../types.js').AdminRightName): boolean {
  if (!chat.participants.has(userId)) return false;
  if (chat.creatorId === userId) return true;
  const admin = chat.admins.get(userId);
  return admin !== undefined && (chat.kind === 'chat' || admin.rights.includes(right));
}
