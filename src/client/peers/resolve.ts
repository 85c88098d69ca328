/**
 * `resolvePeer(ctx, x)`: any peer input → `InputPeer` (issue 15, spec `messages.md` §7.6, §8). The cache
 * answers first; unknown peers are fetched (`contacts.resolveUsername`, `contacts.resolvePhone`,
 * `users.getUsers`, `channels.getChannels`, `messages.checkChatInvite`) and the answer is cached by the
 * tap like every other result. What cannot be resolved is a {@link PeerNotFoundError} naming the input.
 * @module
 */
import { PeerNotFoundError, RpcError } from '../../errors.js';
import type { PeerRecord, PeerType } from '../../storage/types.js';
import type { AnyRequest, Chat, InputChannel, InputPeer, InputUser, Peer, User } from '../../tl/index.js';
import type { Invoker } from '../invoke/types.js';
import type { PeerCache } from './cache.js';
import { parsePeer } from './parse.js';
import { peersIn } from './extract.js';
import { chatRecord, peerKey, userRecord } from './records.js';
import type { ParsedPeer } from './types.js';

/** What the peer functions need: an invoker and the cache. */
export interface PeerContext {
  invoke: Invoker;
  cache: PeerCache;
  /** The signed-in account's id, when known (turns `inputPeerSelf` into a `Peer`). */
  selfId?: () => Promise<number | undefined>;
}

/**
 * Everything `resolvePeer` accepts: `'me'`, `'@name'`, `'name'`, t.me / tg:// links (profile, invite,
 * message links), `'+phone'`, Bot API ids (number, bigint or string), `User` / `Chat` / `Peer` objects,
 * and `InputPeer` / `InputUser` / `InputChannel` objects (passed through).
 */
export type PeerInput = string | number | bigint | InputPeer | InputUser | InputChannel | User | Chat | Peer;

const NO_OPTIONS = Object.freeze({});

/** A short description of an input for errors. */
export function describePeerInput(input: PeerInput): string {
  if (typeof input === 'string') return JSON.stringify(input);
  if (typeof input !== 'object') return String(input);
  const o = input as { _: string; id?: unknown; userId?: unknown; chatId?: unknown; channelId?: unknown };
  return `${o._}(${String(o.id ?? o.userId ?? o.chatId ?? o.channelId ?? '')})`;
}

/** Resolves `input` to an `InputPeer`, from the cache or the network. */
export async function resolvePeer(ctx: PeerContext, input: PeerInput): Promise<InputPeer> {
  if (typeof input === 'object') return resolveObject(ctx, input);
  const name = describePeerInput(input);
  let parsed: ParsedPeer;
  try {
    parsed = parsePeer(input);
  } catch (error) {
    throw new PeerNotFoundError(name, error instanceof Error ? error.message : String(error), { cause: error });
  }
  return resolveParsed(ctx, parsed, name);
}

/** Resolves an already classified input (`name` is what errors show). */
export async function resolveParsed(ctx: PeerContext, p: ParsedPeer, name: string): Promise<InputPeer> {
  switch (p.kind) {
    case 'self':
      return { _: 'inputPeerSelf' };
    case 'username':
    case 'message':
      return byUsername(ctx, p.username, name);
    case 'phone':
      return byPhone(ctx, p.phone, name);
    case 'invite':
      return byInvite(ctx, p.hash, name);
    case 'channelMessage':
      return byId(ctx, 'channel', p.channelId, name);
    case 'id':
      if (p.type === 'secretChat') throw new PeerNotFoundError(name, 'secret chats are not addressed through the API');
      return byId(ctx, p.type, p.id, name);
  }
}

async function resolveObject(ctx: PeerContext, input: Exclude<PeerInput, string | number | bigint>): Promise<InputPeer> {
  const name = describePeerInput(input);
  switch (input._) {
    case 'inputPeerEmpty':
    case 'inputUserEmpty':
    case 'inputChannelEmpty':
      throw new PeerNotFoundError(name, 'an empty peer names nobody');
    case 'inputPeerSelf':
    case 'inputPeerChat':
    case 'inputPeerUser':
    case 'inputPeerChannel':
    case 'inputPeerUserFromMessage':
    case 'inputPeerChannelFromMessage':
      return input;
    case 'inputUserSelf':
      return { _: 'inputPeerSelf' };
    case 'inputUser':
      return { _: 'inputPeerUser', userId: input.userId, accessHash: input.accessHash };
    case 'inputUserFromMessage':
      return { _: 'inputPeerUserFromMessage', peer: input.peer, msgId: input.msgId, userId: input.userId };
    case 'inputChannel':
      return { _: 'inputPeerChannel', channelId: input.channelId, accessHash: input.accessHash };
    case 'inputChannelFromMessage':
      return { _: 'inputPeerChannelFromMessage', peer: input.peer, msgId: input.msgId, channelId: input.channelId };
    case 'peerUser':
    case 'peerChat':
    case 'peerChannel': {
      const { type, id } = peerKey(input);
      return byId(ctx, type, id, name);
    }
    default: {
      const record = input._ === 'user' || input._ === 'userEmpty' ? userRecord(input as User) : chatRecord(input as Chat);
      if (!record) throw new PeerNotFoundError(name, 'not a user, chat or channel');
      if ((input as User)._ === 'user' && (input as { self?: boolean }).self) return { _: 'inputPeerSelf' };
      ctx.cache.store([record]);
      return addressable(ctx, await ctx.cache.get(record.type, record.id) ?? record, name);
    }
  }
}

async function addressable(ctx: PeerContext, record: PeerRecord, name: string): Promise<InputPeer> {
  const peer = await ctx.cache.inputPeerOf(record);
  if (!peer) throw new PeerNotFoundError(name, `only a min copy of ${record.type} ${record.id} is known, with no message to address it through`);
  return peer;
}

/** The record for (type, id) among the users/chats of a result, addressed. */
async function fromResult(ctx: PeerContext, result: unknown, type: PeerType, id: number, name: string): Promise<InputPeer> {
  const record = peersIn(result).find((r) => r.type === type && r.id === id);
  if (!record) throw new PeerNotFoundError(name, `the answer does not contain ${type} ${id}`);
  ctx.cache.store([record]);
  return addressable(ctx, (await ctx.cache.get(type, id)) ?? record, name);
}

/** Turns an RPC refusal into a PeerNotFoundError; other errors pass. */
async function fetching<T>(name: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RpcError && error.code === 400) throw new PeerNotFoundError(name, `Telegram answered ${error.type}`, { cause: error });
    throw error;
  }
}

async function cached(ctx: PeerContext, record: PeerRecord | undefined): Promise<InputPeer | undefined> {
  return record ? ctx.cache.inputPeerOf(record) : undefined;
}

/** A username or phone: the cached record, else the `contacts.resolvedPeer` Telegram answers `request` with. */
async function viaResolvedPeer(ctx: PeerContext, record: PeerRecord | undefined, request: AnyRequest, name: string): Promise<InputPeer> {
  const hit = await cached(ctx, record);
  // a min copy is asked for again: the answer is a full copy (spec §8.2: full before from-message)
  if (hit && !record?.min) return hit;
  let result: unknown;
  try {
    result = await fetching(name, () => ctx.invoke(request, NO_OPTIONS));
  } catch (error) {
    if (hit && error instanceof PeerNotFoundError) return hit;
    throw error;
  }
  const { type, id } = peerKey((result as { peer: Peer }).peer);
  return fromResult(ctx, result, type, id, name);
}

function byUsername(ctx: PeerContext, username: string, name: string): Promise<InputPeer> {
  return ctx.cache.byUsername(username).then((r) => viaResolvedPeer(ctx, r, { _: 'contacts.resolveUsername', username }, name));
}

function byPhone(ctx: PeerContext, phone: string, name: string): Promise<InputPeer> {
  return ctx.cache.byPhone(phone).then((r) => viaResolvedPeer(ctx, r, { _: 'contacts.resolvePhone', phone }, name));
}

async function byInvite(ctx: PeerContext, hash: string, name: string): Promise<InputPeer> {
  const invite = (await fetching(name, () => ctx.invoke({ _: 'messages.checkChatInvite', hash }, NO_OPTIONS))) as { _: string; chat?: Chat };
  if (!invite.chat) throw new PeerNotFoundError(name, 'the invite is valid but the account is not a member: join it first (messages.importChatInvite)');
  const record = chatRecord(invite.chat);
  if (!record) throw new PeerNotFoundError(name, 'the invite names no chat');
  return fromResult(ctx, invite, record.type, record.id, name);
}

async function byId(ctx: PeerContext, type: PeerType, id: number, name: string): Promise<InputPeer> {
  if (type === 'chat') return { _: 'inputPeerChat', chatId: id };
  const record = await ctx.cache.get(type, id);
  const hit = await cached(ctx, record);
  if (hit) return hit;
  try {
    return await fetchById(ctx, type, id, name);
  } catch (error) {
    // a min copy we cannot address says more than "unknown"
    if (record?.min && error instanceof PeerNotFoundError) await addressable(ctx, record, name);
    throw error;
  }
}

async function fetchById(ctx: PeerContext, type: 'user' | 'channel', id: number, name: string): Promise<InputPeer> {
  // hash 0 works for the ids Telegram lets anyone address (service accounts, bots a user met) — spec §7.6
  const result =
    type === 'user'
      ? await fetching(name, () => ctx.invoke({ _: 'users.getUsers', id: [{ _: 'inputUser', userId: id, accessHash: 0n }] }, NO_OPTIONS))
      : await fetching(name, () => ctx.invoke({ _: 'channels.getChannels', id: [{ _: 'inputChannel', channelId: id, accessHash: 0n }] }, NO_OPTIONS));
  if (peersIn(result).every((r) => r.type !== type || r.id !== id)) throw new PeerNotFoundError(name, `${type} ${id} is not in the cache and Telegram does not know it without its access hash`);
  return fromResult(ctx, result, type, id, name);
}

/** The `Peer` an `InputPeer` names (`selfId` for `inputPeerSelf`); undefined when it cannot be known. */
export function peerOfInput(input: InputPeer, selfId: number | undefined): Peer | undefined {
  switch (input._) {
    case 'inputPeerSelf':
      return selfId === undefined ? undefined : { _: 'peerUser', userId: selfId };
    case 'inputPeerUser':
    case 'inputPeerUserFromMessage':
      return { _: 'peerUser', userId: input.userId };
    case 'inputPeerChat':
      return { _: 'peerChat', chatId: input.chatId };
    case 'inputPeerChannel':
    case 'inputPeerChannelFromMessage':
      return { _: 'peerChannel', channelId: input.channelId };
    default:
      return undefined;
  }
}
