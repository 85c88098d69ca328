/**
 * `iterParticipants(ctx, chat, options)`: members of a supergroup or channel (`channels.getParticipants`,
 * plain offset paging, ≤ 200 per page, spec `messages.md` §7.6) or of a basic group
 * (`messages.getFullChat`, one answer). Users are keyed by id, so none repeats when the list shifts.
 * @module
 */
import type { ChannelParticipant, ChannelParticipantsFilter, ChannelsChannelParticipants, ChatParticipant, MessagesChatFull, User } from '../../tl/index.js';
import { PeerNotFoundError } from '../../errors.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { toInputChannel } from '../peers/cache.js';
import { describePeerInput, resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';

/** Options of {@link iterParticipants}. */
export interface ParticipantsOptions extends InvokeOptions {
  /** Which members (default `channelParticipantsRecent`; supergroups and channels only). */
  filter?: ChannelParticipantsFilter;
  /** Stop after this many members. */
  limit?: number;
  /** Members per request (1–200, default 200). */
  pageSize?: number;
}

/** One member. */
export interface ParticipantItem {
  userId: number;
  participant: ChannelParticipant | ChatParticipant;
  user?: User;
}

function participantUserId(p: ChannelParticipant | ChatParticipant): number | undefined {
  if ('userId' in p) return p.userId;
  if ('peer' in p && p.peer._ === 'peerUser') return p.peer.userId;
  return undefined;
}

/** Iterates over the members of `chat`. */
export async function* iterParticipants(ctx: PeerContext, chat: PeerInput, options: ParticipantsOptions = {}): AsyncGenerator<ParticipantItem> {
  const input = await resolvePeer(ctx, chat);
  const call = invokeOptionsOf(options);
  const total = options.limit ?? Infinity;
  const seen = new Set<number>();
  if (input._ === 'inputPeerChat') {
    const full = (await ctx.invoke({ _: 'messages.getFullChat', chatId: input.chatId }, call)) as MessagesChatFull;
    const users = new Map(full.users.map((u) => [u.id, u]));
    const list = full.fullChat._ === 'chatFull' && full.fullChat.participants._ === 'chatParticipants' ? full.fullChat.participants.participants : [];
    for (const participant of list) {
      if (seen.size >= total) return;
      seen.add(participant.userId);
      const user = users.get(participant.userId);
      yield { userId: participant.userId, participant, ...(user ? { user } : {}) };
    }
    return;
  }
  const channel = toInputChannel(input);
  if (!channel) throw new PeerNotFoundError(describePeerInput(chat), 'members are listed for groups and channels only');
  const pageSize = Math.max(1, Math.min(200, options.pageSize ?? 200));
  const filter: ChannelParticipantsFilter = options.filter ?? { _: 'channelParticipantsRecent' };
  let offset = 0;
  while (seen.size < total) {
    const page = (await ctx.invoke({ _: 'channels.getParticipants', channel, filter, offset, limit: Math.min(pageSize, total - seen.size), hash: 0n }, call)) as ChannelsChannelParticipants;
    if (page._ !== 'channels.channelParticipants' || page.participants.length === 0) return;
    offset += page.participants.length;
    const users = new Map(page.users.map((u) => [u.id, u]));
    for (const participant of page.participants) {
      const userId = participantUserId(participant);
      if (userId === undefined || seen.has(userId)) continue;
      seen.add(userId);
      const user = users.get(userId);
      yield { userId, participant, ...(user ? { user } : {}) };
      if (seen.size >= total) return;
    }
    if (offset >= page.count) return;
  }
}
