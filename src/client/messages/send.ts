/**
 * `sendText(ctx, peer, text, options)`: `messages.sendMessage` with HTML / MarkdownV2 / entities, a reply,
 * a keyboard, silent and scheduled sends; resolves with the `Message` it created.
 * @module
 */
import type { InputReplyTo, Message, RawMessage, ReplyMarkup, Updates } from '../../tl/index.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { peerOfInput, resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';
import { formatText, type TextFormatOptions } from './formatted.js';
import { randomId } from './random-id.js';
import { sentMessage } from './result.js';

/** Options of {@link sendText}. */
export interface SendTextOptions extends TextFormatOptions, InvokeOptions {
  /** Reply to this message id of the same chat. */
  replyTo?: number;
  /** Send without a notification. */
  silent?: boolean;
  /** Post at this Unix time (a scheduled message). */
  schedule?: number;
  /** Show no link preview (`no_webpage`); `linkPreview: false` means the same. */
  noWebpage?: boolean;
  linkPreview?: boolean;
  /** A keyboard (`inlineKeyboard(...)`, `replyKeyboard(...)`; bots only). */
  keyboard?: ReplyMarkup;
  /** Remove the draft of the chat. */
  clearDraft?: boolean;
}

/** The `reply_to` field for a message id. */
export function replyToOf(id: number | undefined): InputReplyTo | undefined {
  return id === undefined ? undefined : { _: 'inputReplyToMessage', replyToMsgId: id };
}

/**
 * Sends a text message and resolves with the `Message` Telegram created.
 *
 * @example
 * ```ts
 * const m = await sendText(ctx, '@alice', '<b>hi</b> 👋', { parseMode: 'html', silent: true });
 * ```
 */
export async function sendText(ctx: PeerContext, peer: PeerInput, text: string, options: SendTextOptions = {}): Promise<Message> {
  const input = await resolvePeer(ctx, peer);
  const { message, entities } = await formatText(ctx.cache, text, options);
  const rid = randomId();
  const replyTo = replyToOf(options.replyTo);
  const updates = (await ctx.invoke(
    {
      _: 'messages.sendMessage',
      peer: input,
      message,
      randomId: rid,
      ...(entities ? { entities } : {}),
      ...(replyTo ? { replyTo } : {}),
      ...(options.silent ? { silent: true } : {}),
      ...(options.noWebpage || options.linkPreview === false ? { noWebpage: true } : {}),
      ...(options.clearDraft ? { clearDraft: true } : {}),
      ...(options.schedule !== undefined ? { scheduleDate: options.schedule } : {}),
      ...(options.keyboard ? { replyMarkup: options.keyboard } : {}),
    },
    invokeOptionsOf(options),
  )) as Updates;
  const peerId = peerOfInput(input, await ctx.selfId?.());
  const template: Omit<RawMessage, '_' | 'id' | 'date'> = { peerId: peerId ?? { _: 'peerUser', userId: 0 }, message };
  if (entities) template.entities = entities;
  if (options.replyTo !== undefined) template.replyTo = { _: 'messageReplyHeader', replyToMsgId: options.replyTo };
  if (options.silent) template.silent = true;
  return sentMessage('messages.sendMessage', updates, rid, template);
}
