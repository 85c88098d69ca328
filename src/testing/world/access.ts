/**
 * Who is calling and what may they touch: sign-in checks, peer resolution (spec §1.4 "P" checks)
 * and the link-management rights of §1.3.
 */
import type { RequestContext } from '../context.js';
import type { InputChannel, InputPeer, InputUser } from '../../tl/index.js';
import { failIfRevoked, isBanned } from './authorizations.js';
import { fail, rpcFail } from './errors.js';
import { messageReferences } from './messages/peers.js';
import type { ChatRecord, UserRecord } from './types.js';
import type { World } from './world.js';

/**
 * The signed-in caller; 401 `AUTH_KEY_UNREGISTERED` on an unbound key, `SESSION_REVOKED` once on a
 * terminated one, `USER_DEACTIVATED(_BAN)` for a deleted (banned) account, 303 `USER_MIGRATE_X`
 * off its home DC.
 */
export function requireUser(world: World, ctx: RequestContext): UserRecord {
  failIfRevoked(world, ctx);
  const id = ctx.userId;
  if (id === undefined) rpcFail(401, 'AUTH_KEY_UNREGISTERED');
  const user = world.users.get(id);
  if (!user) rpcFail(401, 'AUTH_KEY_UNREGISTERED');
  if (user.deleted) rpcFail(401, 'USER_DEACTIVATED');
  if (isBanned(world, id)) rpcFail(401, 'USER_DEACTIVATED_BAN');
  if (user.homeDc !== ctx.dcId && world.dcExists(user.homeDc) && !world.keys.get(ctx.authKeyId)?.imported) rpcFail(303, `USER_MIGRATE_${user.homeDc}`);
  return user;
}

/** A signed-in user that is not a bot (spec §1.3: user-only methods → `BOT_METHOD_INVALID`). */
export function requireHuman(world: World, ctx: RequestContext): UserRecord {
  const user = requireUser(world, ctx);
  if (user.bot) fail('botMethodInvalid');
  return user;
}

/** True when `userId` is a current participant. */
export function isMember(chat: ChatRecord, userId: number): boolean {
  return chat.participants.has(userId);
}

/** True for the chat's creator (while still in it). */
export function isCreator(chat: ChatRecord, userId: number): boolean {
  return chat.creatorId === userId && chat.participants.has(userId);
}

/** Spec §1.3: creator, or an admin holding `invite_users` (basic-group admins hold it implicitly). */
export function mayManageLinks(chat: ChatRecord, userId: number): boolean {
  if (!chat.participants.has(userId)) return false;
  if (chat.creatorId === userId) return true;
  const admin = chat.admins.get(userId);
  if (!admin) return false;
  return chat.kind === 'chat' || admin.rights.includes('inviteUsers');
}

/** Finds the message a `…FromMessage` constructor points to, as seen by `viewer`, and checks it names `mentions`. */
function messageExists(world: World, viewer: UserRecord, peer: InputPeer, msgId: number, mentions: number): boolean {
  return messageReferences(world, viewer, peer, msgId, mentions);
}

/** What an `InputPeer` names, after P1–P3 (group/channel peers only; everything else is refused). */
export function resolveGroupPeer(world: World, viewer: UserRecord, peer: InputPeer): ChatRecord {
  switch (peer._) {
    case 'inputPeerEmpty':
    case 'inputPeerSelf':
      return fail('peerNotGroup');
    case 'inputPeerUserFromMessage':
      if (!messageExists(world, viewer, peer.peer, peer.msgId, peer.userId)) fail('fromMessageMissing');
      if (world.users.get(peer.userId)?.deleted) fail('peerUserDeleted');
      return fail('peerNotGroup');
    case 'inputPeerUser': {
      const user = world.users.get(peer.userId);
      if (user?.deleted && user.accessHash === peer.accessHash) fail('peerUserDeleted');
      return fail('peerNotGroup');
    }
    case 'inputPeerChat': {
      const chat = world.chats.get(peer.chatId);
      if (!chat || chat.kind !== 'chat' || chat.migratedTo !== undefined) fail('chatUnknown');
      return chat;
    }
    case 'inputPeerChannel': {
      const chat = world.chats.get(peer.channelId);
      if (!chat || chat.kind !== 'channel' || chat.deleted || chat.accessHash !== peer.accessHash) fail('channelUnknown');
      return chat;
    }
    case 'inputPeerChannelFromMessage': {
      if (!messageExists(world, viewer, peer.peer, peer.msgId, peer.channelId)) fail('fromMessageMissing');
      const chat = world.chats.get(peer.channelId);
      if (!chat || chat.kind !== 'channel' || chat.deleted) fail('channelUnknown');
      return chat;
    }
    default:
      return fail('peerNotGroup');
  }
}

/** P1–P7: the group/channel the caller is a member of. */
export function resolveMemberPeer(world: World, viewer: UserRecord, peer: InputPeer): ChatRecord {
  const chat = resolveGroupPeer(world, viewer, peer);
  if (chat.monoforum) fail('monoforum');
  if (!isMember(chat, viewer.id)) fail(chat.kind === 'channel' ? 'channelNotMember' : 'chatNotMember');
  return chat;
}

/** P1–P8: the group/channel whose links the caller may manage. */
export function resolveManagedPeer(world: World, viewer: UserRecord, peer: InputPeer): ChatRecord {
  const chat = resolveMemberPeer(world, viewer, peer);
  if (!mayManageLinks(chat, viewer.id)) fail('adminRequired');
  return chat;
}

/** Resolves an `InputUser`; `undefined` for an empty or unknown one (callers pick the error). */
export function resolveInputUser(world: World, viewer: UserRecord, input: InputUser): UserRecord | undefined {
  switch (input._) {
    case 'inputUserSelf':
      return viewer;
    case 'inputUser': {
      const user = world.users.get(input.userId);
      return user && user.accessHash === input.accessHash ? user : undefined;
    }
    case 'inputUserFromMessage':
      return messageExists(world, viewer, input.peer, input.msgId, input.userId) ? world.users.get(input.userId) : undefined;
    default:
      return undefined;
  }
}

/** Resolves an `InputChannel` → 400 `CHANNEL_INVALID` when unknown; `CHANNEL_PRIVATE` when `member` and not in it. */
export function resolveInputChannel(
  world: World,
  viewer: UserRecord,
  input: InputChannel,
  member = true,
): ChatRecord {
  let chat: ChatRecord | undefined;
  if (input._ === 'inputChannel') {
    chat = world.chats.get(input.channelId);
    if (chat && chat.accessHash !== input.accessHash) chat = undefined;
  } else if (input._ === 'inputChannelFromMessage') {
    chat = messageExists(world, viewer, input.peer, input.msgId, input.channelId) ? world.chats.get(input.channelId) : undefined;
  }
  if (!chat || chat.kind !== 'channel' || chat.deleted) return rpcFail(400, 'CHANNEL_INVALID');
  if (member && !isMember(chat, viewer.id) && !(chat.username && !chat.banned.get(viewer.id)?.kicked)) {
    rpcFail(400, 'CHANNEL_PRIVATE');
  }
  return chat;
}

/** Resolves a basic group id → 400 `CHAT_ID_INVALID` when unknown. */
export function resolveChatId(world: World, chatId: number): ChatRecord {
  const chat = world.chats.get(chatId);
  if (!chat || chat.kind !== 'chat') return rpcFail(400, 'CHAT_ID_INVALID');
  return chat;
}
