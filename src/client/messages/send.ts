/**
 * `sendText(ctx, peer, text, options)`: `messages.sendMessage` with HTML / MarkdownV2 / entities, a reply,
 * a keyboard, silent and scheduled sends; resolves with the `Message` it created (or, with `split: true`,
 * sends a text over the limit as several messages and resolves with all of them).
 * @module
 */
import type { InputPeer, InputReplyTo, Message, MessageEntity, RawMessage, ReplyMarkup, Updates } from '../../tl/index.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { peerOfInput, resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';
import { splitText } from '../text/split.js';
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

/** Options of {@link sendText} with `split: true`: a text over the limit goes out as several messages. */
export interface SplitSendOptions extends SendTextOptions {
  /**
   * Send a text longer than Telegram's limit as several messages (cut by `splitText`: at newlines, then
   * spaces, never inside a surrogate pair; entities over a cut go to both parts). The reply goes on the
   * first part, the keyboard on the last. Resolves with every sent message, in order.
   */
  split: true;
  /** Longest part in UTF-16 code units (default 4096). */
  splitLength?: number;
}

/**
 * Sends a text message and resolves with the `Message` Telegram created. A text over Telegram's limit
 * (4096) is refused with `RpcError` `MESSAGE_TOO_LONG`, unless `split: true` sends it in parts (then
 * the result is every message sent).
 *
 * @example
 * ```ts
 * const m = await sendText(ctx, '@alice', '<b>hi</b> 👋', { parseMode: 'html', silent: true });
 * const parts = await sendText(ctx, '@alice', longReport, { split: true });
 * ```
 */
export function sendText(ctx: PeerContext, peer: PeerInput, text: string, options: SplitSendOptions): Promise<Message[]>;
export function sendText(ctx: PeerContext, peer: PeerInput, text: string, options?: SendTextOptions & { split?: false }): Promise<Message>;
export async function sendText(ctx: PeerContext, peer: PeerInput, text: string, options: SendTextOptions & { split?: boolean; splitLength?: number } = {}): Promise<Message | Message[]> {
  const input = await resolvePeer(ctx, peer);
  const formatted = await formatText(ctx.cache, text, options);
  if (!options.split) return sendOne(ctx, input, formatted, options);
  const parts = splitText({ text: formatted.message, entities: formatted.entities ?? [] }, options.splitLength === undefined ? {} : { maxLength: options.splitLength });
  const sent: Message[] = [];
  for (const [i, part] of parts.entries()) {
    const { replyTo, keyboard, clearDraft, ...common } = options;
    const partOptions: SendTextOptions = {
      ...common,
      ...(i === 0 ? { ...(replyTo !== undefined ? { replyTo } : {}), ...(clearDraft ? { clearDraft } : {}) } : {}),
      ...(i === parts.length - 1 && keyboard ? { keyboard } : {}),
    };
    // one after the other: Telegram orders messages by arrival, so the parts stay in order
    sent.push(await sendOne(ctx, input, { message: part.text, ...(part.entities.length > 0 ? { entities: part.entities } : {}) }, partOptions));
  }
  return sent;
}

/** One `messages.sendMessage` of already formatted text. */
async function sendOne(ctx: PeerContext, input: InputPeer, formatted: { message: string; entities?: MessageEntity[] }, options: SendTextOptions): Promise<Message> {
  const { message, entities } = formatted;
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
