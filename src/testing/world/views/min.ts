/**
 * `min` copies of users and channels (spec `messages.md` §8.3) and which peers of a push travel as such
 * (rule `minPeersInBigChannelPushes` of `messages/rules.ts`).
 */
import type { Chat, Message, Update, User } from '../../../tl/index.js';
import { MESSAGE_RULES } from '../messages/rules.js';
import { userBox } from '../messages/store.js';
import type { ChatRecord, UserRecord } from '../types.js';
import type { World } from '../world.js';

/** Mixed into a min copy's access hash: a different value, so `inputPeerUser`/`inputPeerChannel` refuse it [I]. */
const MIN_HASH_MASK = 0x2d5a_9c3e_71b4_e60fn;

/** The access hash a min copy carries: never the full one (spec §8.2: usable for profile photos only). */
export function minAccessHash(full: bigint): bigint {
  return BigInt.asIntN(64, full ^ MIN_HASH_MASK);
}

/** The `user` constructor with `min`: names and username only (no phone, no contact flags, no `self`). */
export function minUserView(user: UserRecord): User {
  if (user.deleted) return { _: 'user', id: user.id, min: true, accessHash: minAccessHash(user.accessHash), deleted: true };
  return {
    _: 'user',
    id: user.id,
    min: true,
    accessHash: minAccessHash(user.accessHash),
    firstName: user.firstName,
    ...(user.lastName ? { lastName: user.lastName } : {}),
    ...(user.username ? { username: user.username } : {}),
    ...(user.bot ? { bot: true, botInfoVersion: 1 } : {}),
    ...(user.premium ? { premium: true } : {}),
  };
}

/** The `channel` constructor with `min`: title, kind and username only (no rights, no membership flags). */
export function minChannelView(chat: ChatRecord): Chat {
  return {
    _: 'channel',
    id: chat.id,
    min: true,
    accessHash: minAccessHash(chat.accessHash),
    title: chat.title,
    photo: { _: 'chatPhotoEmpty' },
    date: chat.date,
    ...(chat.username ? { username: chat.username } : {}),
    ...(chat.broadcast ? { broadcast: true } : {}),
    ...(chat.megagroup ? { megagroup: true } : {}),
  };
}

/** Peers a push shows `viewerId` as min copies. */
export interface MinPeers {
  users: Set<number>;
  chats: Set<number>;
}

const NONE: MinPeers = { users: new Set(), chats: new Set() };

function channelMessage(u: Update): Message | undefined {
  return u._ === 'updateNewChannelMessage' || u._ === 'updateEditChannelMessage' ? u.message : undefined;
}

/** True when `viewer` has met `userId` outside the channel: itself, or a private dialog with them [I]. */
function hasMet(world: World, viewerId: number, userId: number): boolean {
  return userId === viewerId || world.messages.ids(userBox(viewerId), { kind: 'user', id: userId }).length > 0;
}

/**
 * Which users and channels of the updates `viewerId` is pushed travel as min copies: those named by a
 * message (author, forward source, mention by id) of a supergroup or channel with at least
 * `minPeersMembersMin` members, when the viewer has not met the user or is not in the named channel.
 * Bots always get full copies (they cannot use `…FromMessage`, spec §8.3).
 */
export function minPeersOfPush(world: World, viewerId: number, updates: readonly Update[]): MinPeers {
  if (!MESSAGE_RULES.minPeersInBigChannelPushes || world.users.get(viewerId)?.bot !== false) return NONE;
  let out: MinPeers | undefined;
  for (const u of updates) {
    const m = channelMessage(u);
    if (m === undefined || m._ === 'messageEmpty' || m.peerId._ !== 'peerChannel') continue;
    const chat = world.chats.get(m.peerId.channelId);
    if (!chat || chat.participants.size < world.messageSwitches.minPeersMembersMin) continue;
    const set = (out ??= { users: new Set(), chats: new Set() });
    const addUser = (id: number): void => {
      if (!hasMet(world, viewerId, id)) set.users.add(id);
    };
    if (m.fromId?._ === 'peerUser') addUser(m.fromId.userId);
    if (m._ !== 'message') continue;
    const fwd = m.fwdFrom?.fromId;
    if (fwd?._ === 'peerUser') addUser(fwd.userId);
    else if (fwd?._ === 'peerChannel' && fwd.channelId !== chat.id && !world.chats.get(fwd.channelId)?.participants.has(viewerId)) set.chats.add(fwd.channelId);
    for (const e of m.entities ?? []) if (e._ === 'messageEntityMentionName') addUser(e.userId);
  }
  return out ?? NONE;
}
