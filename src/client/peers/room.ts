/** `client.peers`: the peer functions bound to one client's invoker and cache. */
import { PeerNotFoundError } from '../../errors.js';
import type { PeerRecord, PeerType } from '../../storage/types.js';
import type { InputChannel, InputPeer, InputUser } from '../../tl/index.js';
import type { PeerCache } from './cache.js';
import { toInputChannel, toInputUser } from './cache.js';
import { parsePeer } from './parse.js';
import { describePeerInput, resolveParsed, resolvePeer, type PeerContext, type PeerInput } from './resolve.js';

/** The peers room of a client. */
export interface PeersRoom {
  /** Any peer input → `InputPeer` (see {@link PeerInput}); throws `PeerNotFoundError` naming the input. */
  resolve(input: PeerInput): Promise<InputPeer>;
  /** Like `resolve`, for a user (`InputUser`). */
  resolveUser(input: PeerInput): Promise<InputUser>;
  /** Like `resolve`, for a supergroup or channel (`InputChannel`). */
  resolveChannel(input: PeerInput): Promise<InputChannel>;
  /** A message link (`t.me/name/45`, `t.me/c/123/45`) → its chat and message id. */
  resolveMessageLink(link: string): Promise<{ peer: InputPeer; messageId: number }>;
  /** The stored record of a peer (no network). */
  get(type: PeerType, id: number): Promise<PeerRecord | undefined>;
  /** The cache itself (ingest, flush). */
  readonly cache: PeerCache;
}

/** Resolves `input` to an `InputUser` (`'me'` → `inputUserSelf`); a non-user is a `PeerNotFoundError`. */
export async function resolveUser(ctx: PeerContext, input: PeerInput): Promise<InputUser> {
  const user = toInputUser(await resolvePeer(ctx, input));
  if (!user) throw new PeerNotFoundError(describePeerInput(input), 'is not a user');
  return user;
}

/** Resolves `input` to an `InputChannel`; anything but a supergroup or channel is a `PeerNotFoundError`. */
export async function resolveChannel(ctx: PeerContext, input: PeerInput): Promise<InputChannel> {
  const channel = toInputChannel(await resolvePeer(ctx, input));
  if (!channel) throw new PeerNotFoundError(describePeerInput(input), 'is not a supergroup or channel');
  return channel;
}

/** Builds the peers room over `ctx`. */
export function peersRoom(ctx: PeerContext): PeersRoom {
  const room: PeersRoom = {
    resolve: (input) => resolvePeer(ctx, input),
    resolveUser: (input) => resolveUser(ctx, input),
    resolveChannel: (input) => resolveChannel(ctx, input),
    async resolveMessageLink(link) {
      const parsed = parsePeer(link);
      if (parsed.kind !== 'message' && parsed.kind !== 'channelMessage') throw new PeerNotFoundError(JSON.stringify(link), 'is not a message link');
      return { peer: await resolveParsed(ctx, parsed, JSON.stringify(link)), messageId: parsed.messageId };
    },
    get: (type, id) => ctx.cache.get(type, id),
    cache: ctx.cache,
  };
  return room;
}
