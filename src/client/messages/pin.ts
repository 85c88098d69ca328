/** `pinMessage` / `unpinMessage`: `messages.updatePinnedMessage`; a pin resolves with its service message when Telegram made one. */
import type { Message, Updates } from '../../tl/index.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';
import { createdMessages } from './result.js';

/** Options of {@link pinMessage}. */
export interface PinOptions extends InvokeOptions {
  /** No notification (and no service message notification). */
  silent?: boolean;
  /** Pin only for yourself (private chats). */
  oneSide?: boolean;
}

/** Pins message `id`; resolves with the "pinned a message" service message, or undefined when none was created (one-side pins). */
export async function pinMessage(ctx: PeerContext, peer: PeerInput, id: number, options: PinOptions = {}): Promise<Message | undefined> {
  const input = await resolvePeer(ctx, peer);
  const updates = (await ctx.invoke(
    { _: 'messages.updatePinnedMessage', peer: input, id, ...(options.silent ? { silent: true } : {}), ...(options.oneSide ? { pmOneside: true } : {}) },
    invokeOptionsOf(options),
  )) as Updates;
  return createdMessages(updates)[0];
}

/** Unpins message `id`. */
export async function unpinMessage(ctx: PeerContext, peer: PeerInput, id: number, options: InvokeOptions = {}): Promise<void> {
  const input = await resolvePeer(ctx, peer);
  await ctx.invoke({ _: 'messages.updatePinnedMessage', peer: input, id, unpin: true }, invokeOptionsOf(options));
}
