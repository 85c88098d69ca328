/**
 * `deleteMessages(ctx, peer, ids)`: channels and supergroups delete in their own box
 * (`channels.deleteMessages`), everything else in the account's common box (`messages.deleteMessages`,
 * spec `messages.md` §4). Resolves with the number of messages deleted.
 * @module
 */
import type { MessagesAffectedMessages } from '../../tl/index.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { toInputChannel } from '../peers/cache.js';
import { resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';

/** Options of {@link deleteMessages}. */
export interface DeleteMessagesOptions extends InvokeOptions {
  /** Delete for everyone (default true; channels always delete for everyone). */
  revoke?: boolean;
}

/** Ids per call: Telegram's page size for id lists. */
const CHUNK = 100;

/** Deletes messages `ids` of `peer`; resolves with how many were deleted (`pts_count`). */
export async function deleteMessages(ctx: PeerContext, peer: PeerInput, ids: readonly number[], options: DeleteMessagesOptions = {}): Promise<number> {
  const input = await resolvePeer(ctx, peer);
  const channel = toInputChannel(input);
  let deleted = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const id = ids.slice(i, i + CHUNK);
    const affected = (
      channel
        ? await ctx.invoke({ _: 'channels.deleteMessages', channel, id }, invokeOptionsOf(options))
        : await ctx.invoke({ _: 'messages.deleteMessages', id, ...(options.revoke === false ? {} : { revoke: true }) }, invokeOptionsOf(options))
    ) as MessagesAffectedMessages;
    deleted += affected.ptsCount;
  }
  return deleted;
}
