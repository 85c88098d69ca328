/** `editText(ctx, peer, id, text, options)`: `messages.editMessage`, resolving with the edited `Message`. */
import type { Message, ReplyMarkup, Updates } from '../../tl/index.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';
import { formatText, type TextFormatOptions } from './formatted.js';
import { editedMessage } from './result.js';

/** Options of {@link editText}. */
export interface EditTextOptions extends TextFormatOptions, InvokeOptions {
  /** A new keyboard (inline only; bots). */
  keyboard?: ReplyMarkup;
  /** Show no link preview. */
  noWebpage?: boolean;
  linkPreview?: boolean;
}

/**
 * Replaces the text (and entities, optionally the keyboard) of message `id`; resolves with the edited
 * message. `text` undefined keeps the text and changes only the keyboard.
 */
export async function editText(ctx: PeerContext, peer: PeerInput, id: number, text: string | undefined, options: EditTextOptions = {}): Promise<Message> {
  const input = await resolvePeer(ctx, peer);
  const formatted = text === undefined ? undefined : await formatText(ctx.cache, text, options);
  const updates = (await ctx.invoke(
    {
      _: 'messages.editMessage',
      peer: input,
      id,
      ...(formatted ? { message: formatted.message, entities: formatted.entities ?? [] } : {}),
      ...(options.keyboard ? { replyMarkup: options.keyboard } : {}),
      ...(options.noWebpage || options.linkPreview === false ? { noWebpage: true } : {}),
    },
    invokeOptionsOf(options),
  )) as Updates;
  return editedMessage('messages.editMessage', updates, id);
}
