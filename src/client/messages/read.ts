/** `readHistory(ctx, peer, maxId?)`: marks incoming messages read — `channels.readHistory` for channels, `messages.readHistory` otherwise (spec §6). */
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { toInputChannel } from '../peers/cache.js';
import { resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';

/** Marks messages up to `maxId` (0 = all) of `peer` read. */
export async function readHistory(ctx: PeerContext, peer: PeerInput, maxId = 0, options: InvokeOptions = {}): Promise<void> {
  const input = await resolvePeer(ctx, peer);
  const channel = toInputChannel(input);
  if (channel) await ctx.invoke({ _: 'channels.readHistory', channel, maxId }, invokeOptionsOf(options));
  else await ctx.invoke({ _: 'messages.readHistory', peer: input, maxId }, invokeOptionsOf(options));
}
