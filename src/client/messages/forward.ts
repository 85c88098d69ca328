/** `forwardMessages(ctx, from, ids, to)`: `messages.forwardMessages` with one random_id per message; resolves with the new messages in order. */
import type { Message, Updates } from '../../tl/index.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';
import { randomId } from './random-id.js';
import { messagesForRandomIds } from './result.js';

/** Options of {@link forwardMessages}. */
export interface ForwardOptions extends InvokeOptions {
  silent?: boolean;
  /** Send copies without the "forwarded from" header. */
  dropAuthor?: boolean;
  /** With `dropAuthor`: drop media captions too. */
  dropMediaCaptions?: boolean;
  /** Post at this Unix time. */
  schedule?: number;
}

/** Ids per call (`forwarded_count_max`, spec §1.4). */
const CHUNK = 100;

/** Forwards messages `ids` of `from` to `to`; resolves with the created messages in the order of `ids`. */
export async function forwardMessages(ctx: PeerContext, from: PeerInput, ids: readonly number[], to: PeerInput, options: ForwardOptions = {}): Promise<Message[]> {
  const fromPeer = await resolvePeer(ctx, from);
  const toPeer = await resolvePeer(ctx, to);
  const out: Message[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const id = ids.slice(i, i + CHUNK);
    const randomIds = id.map(() => randomId());
    const updates = (await ctx.invoke(
      {
        _: 'messages.forwardMessages',
        fromPeer,
        toPeer,
        id,
        randomId: randomIds,
        ...(options.silent ? { silent: true } : {}),
        ...(options.dropAuthor ? { dropAuthor: true } : {}),
        ...(options.dropMediaCaptions ? { dropMediaCaptions: true } : {}),
        ...(options.schedule !== undefined ? { scheduleDate: options.schedule } : {}),
      },
      options,
    )) as Updates;
    out.push(...messagesForRandomIds('messages.forwardMessages', updates, randomIds));
  }
  return out;
}
