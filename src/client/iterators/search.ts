/** `iterSearch(ctx, peer, query, options)`: messages of a chat matching a text and/or a filter, paged like history. */
import type { Message, MessagesFilter, MessagesMessages } from '../../tl/index.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';
import { pageMessages, type MessagePagingOptions } from './message-pages.js';

/** Options of {@link iterSearch}. */
export interface SearchOptions extends MessagePagingOptions, InvokeOptions {
  /** A media/kind filter (default `inputMessagesFilterEmpty`). */
  filter?: MessagesFilter;
  /** Only messages sent by this peer (ignored by Telegram in private chats). */
  from?: PeerInput;
  /** Only messages sent at or after this Unix time. */
  minDate?: number;
  /** Only messages sent at or before this Unix time. */
  maxDate?: number;
}

/** Iterates over the messages of `peer` matching `query` (`''` with a filter or `from`: every match). */
export async function* iterSearch(ctx: PeerContext, peer: PeerInput, query: string, options: SearchOptions = {}): AsyncGenerator<Message> {
  const input = await resolvePeer(ctx, peer);
  const fromId = options.from === undefined ? undefined : await resolvePeer(ctx, options.from);
  const call = invokeOptionsOf(options);
  const filter: MessagesFilter = options.filter ?? { _: 'inputMessagesFilterEmpty' };
  yield* pageMessages(
    async (w) =>
      (await ctx.invoke(
        {
          _: 'messages.search',
          peer: input,
          q: query,
          ...(fromId ? { fromId } : {}),
          filter,
          minDate: options.minDate ?? 0,
          maxDate: options.maxDate ?? 0,
          offsetId: w.offsetId,
          addOffset: w.addOffset,
          limit: w.limit,
          maxId: 0,
          minId: 0,
          hash: 0n,
        },
        call,
      )) as MessagesMessages,
    options,
  );
}
