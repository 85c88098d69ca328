/**
 * Chat and user references on the command line (`@name`, `t.me/name`, `-1001234567890`, `1234`,
 * `me`) → input peers with their access hashes, asked from the server.
 */
import type { Chat, InputPeer, InputUser, User } from '../tl/index.js';
import type { AnyRequest } from '../tl/index.js';
import { UsageError } from './usage-error.js';

/** Sends one request (the client's `invoke`). */
export type Invoke = (request: AnyRequest) => Promise<unknown>;

/** A parsed reference, before asking the server. */
export type PeerRef =
  | { kind: 'self' }
  | { kind: 'username'; username: string }
  | { kind: 'channel'; id: number }
  | { kind: 'chat'; id: number }
  | { kind: 'id'; id: number };

const CHANNEL_PREFIX = 1_000_000_000_000; // Bot API form: -100 followed by the channel id

/** Parses `@name`, `https://t.me/name`, `-100…` (channel), `-N` (basic group), `N`, `me`. */
export function parsePeerRef(text: string, what: string): PeerRef {
  const t = text.trim();
  if (t === 'me' || t === 'self') return { kind: 'self' };
  const link = /^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/([A-Za-z]\w{3,31})\/?$/.exec(t);
  const name = link ? link[1] : /^@?([A-Za-z]\w{3,31})$/.exec(t)?.[1];
  if (name !== undefined) return { kind: 'username', username: name };
  if (/^-?\d{1,16}$/.test(t)) {
    const n = Number(t);
    if (n <= -CHANNEL_PREFIX) return { kind: 'channel', id: -n - CHANNEL_PREFIX };
    if (n < 0) return { kind: 'chat', id: -n };
    if (n > 0) return { kind: 'id', id: n };
  }
  throw new UsageError(`${what}: expected @username, a t.me link or a numeric id (-100… for channels), got '${text}'`);
}

function chatToPeer(chat: Chat | undefined): InputPeer | undefined {
  if (!chat) return undefined;
  if (chat._ === 'chat' || chat._ === 'chatForbidden') return { _: 'inputPeerChat', chatId: chat.id };
  if (chat._ === 'channel' || chat._ === 'channelForbidden') {
    return { _: 'inputPeerChannel', channelId: chat.id, accessHash: chat.accessHash ?? 0n };
  }
  return undefined;
}

function userToInput(user: User | undefined): InputUser | undefined {
  if (!user || user._ !== 'user') return undefined;
  return { _: 'inputUser', userId: user.id, accessHash: user.accessHash ?? 0n };
}

interface Resolved {
  peer: { _: string; userId?: number; chatId?: number; channelId?: number };
  chats: Chat[];
  users: User[];
}

async function resolveUsername(invoke: Invoke, username: string): Promise<Resolved> {
  return (await invoke({ _: 'contacts.resolveUsername', username })) as Resolved;
}

async function channelById(invoke: Invoke, id: number): Promise<InputPeer | undefined> {
  const res = (await invoke({ _: 'channels.getChannels', id: [{ _: 'inputChannel', channelId: id, accessHash: 0n }] })) as { chats: Chat[] };
  return chatToPeer(res.chats.find((c) => c.id === id));
}

/** The input peer of a chat reference (a group or channel; `me` for the own account). */
export async function resolveChat(invoke: Invoke, text: string): Promise<InputPeer> {
  const ref = parsePeerRef(text, 'chat');
  switch (ref.kind) {
    case 'self':
      return { _: 'inputPeerSelf' };
    case 'chat':
      return { _: 'inputPeerChat', chatId: ref.id };
    case 'channel': {
      const peer = await channelById(invoke, ref.id);
      if (!peer) throw new Error(`channel ${ref.id} not found`);
      return peer;
    }
    case 'id': {
      // A bare id may be a basic group or a channel: ask for the group first.
      const res = (await invoke({ _: 'messages.getChats', id: [ref.id] }).catch(() => undefined)) as { chats?: Chat[] } | undefined;
      const chat = chatToPeer(res?.chats?.find((c) => c.id === ref.id));
      if (chat) return chat;
      const channel = await channelById(invoke, ref.id);
      if (!channel) throw new Error(`no chat or channel with id ${ref.id}`);
      return channel;
    }
    case 'username': {
      const res = await resolveUsername(invoke, ref.username);
      const p = res.peer;
      if (p._ === 'peerChannel') return chatToPeer(res.chats.find((c) => c.id === p.channelId)) ?? fail(ref.username);
      if (p._ === 'peerChat') return { _: 'inputPeerChat', chatId: p.chatId! };
      if (p._ === 'peerUser') {
        const u = userToInput(res.users.find((x) => x.id === p.userId));
        if (u && u._ === 'inputUser') return { _: 'inputPeerUser', userId: u.userId, accessHash: u.accessHash };
      }
      return fail(ref.username);
    }
  }
}

function fail(username: string): never {
  throw new Error(`@${username} could not be resolved`);
}

/**
 * The input user of a user reference. `hint` may find the access hash among users the caller
 * already saw (e.g. the users of a join-request list) before asking the server.
 */
export async function resolveUser(invoke: Invoke, text: string, what: string, hint: readonly User[] = []): Promise<InputUser> {
  const ref = parsePeerRef(text, what);
  switch (ref.kind) {
    case 'self':
      return { _: 'inputUserSelf' };
    case 'username': {
      const res = await resolveUsername(invoke, ref.username);
      const u = res.peer._ === 'peerUser' ? userToInput(res.users.find((x) => x.id === res.peer.userId)) : undefined;
      if (!u) throw new UsageError(`${what}: @${ref.username} is not a user`);
      return u;
    }
    case 'id': {
      const known = userToInput(hint.find((u) => u.id === ref.id));
      if (known) return known;
      const users = (await invoke({ _: 'users.getUsers', id: [{ _: 'inputUser', userId: ref.id, accessHash: 0n }] }).catch(() => [])) as User[];
      return userToInput(users.find((u) => u.id === ref.id)) ?? { _: 'inputUser', userId: ref.id, accessHash: 0n };
    }
    default:
      throw new UsageError(`${what}: expected a user (@username or a positive id), got '${text}'`);
  }
}
