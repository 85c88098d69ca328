/** `iterHistory(ctx, peer, options)`: a chat's messages, newest first (or oldest first with `reverse`), each exactly once. */
import type { Message, MessagesMessages } from '../../tl/index.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';
import { pageMessages, type MessagePagingOptions } from './message-pages.js';

/** Options of {@link iterHistory}. */
export interface HistoryOptions extends MessagePagingOptions, InvokeOptions {}

/**
 * Iterates over the history of `peer`.
 *
 * @example
 * ```ts
 * for await (const m of iterHistory(ctx, '@alice', { limit: 500 })) console.log(m.id);
 * ```
 */
export async function* iterHistory(ctx: PeerContext, peer: PeerInput, options: HistoryOptions = {}): AsyncGenerator<Message> {
  const input = await resolvePeer(ctx, peer);
  const call = invokeOptionsOf(options);
  yield* pageMessages(
    async (w) =>
      (await ctx.invoke({ _: 'messages.getHistory', peer: input, offsetId: w.offsetId, offsetDate: 0, addOffset: w.addOffset, limit: w.limit, maxId: 0, minId: 0, hash: 0n }, call)) as MessagesMessages,
    options,
  );
}
