/**
 * What a router handler gets: the message or callback query, and `reply` / `send` / `edit` / `answer`
 * bound to where it came from (each a plain helper call over the same invoker).
 * @module
 */
import type { Message, Peer, RawMessage, UpdateBotCallbackQuery } from '../../tl/index.js';
import { editText, type EditTextOptions } from '../messages/edit.js';
import { sendText, type SendTextOptions } from '../messages/send.js';
import type { PeerContext } from '../peers/resolve.js';
import type { ParsedCommand } from './commands.js';

/** Context of a message handler. */
export interface MessageContext {
  message: RawMessage;
  /** The message text. */
  text: string;
  /** The chat it was sent in. */
  chat: Peer;
  /** The sending user's id (undefined for anonymous channel posts). */
  senderId: number | undefined;
  /** Kind of the chat. */
  chatKind: 'private' | 'group' | 'channel';
  /** The command, when the message starts with one. */
  command?: ParsedCommand;
  /** The match of an `onText` regex. */
  match?: RegExpExecArray;
  /** Sends `text` to the chat as a reply to this message. */
  reply(text: string, options?: SendTextOptions): Promise<Message>;
  /** Sends `text` to the chat (not as a reply). */
  send(text: string, options?: SendTextOptions): Promise<Message>;
}

/** Options of {@link CallbackContext.answer}. */
export interface CallbackAnswer {
  /** A notification (≤ 200 characters). */
  text?: string;
  /** Show it as an alert instead of a toast. */
  alert?: boolean;
  /** A URL to open (game or t.me bot link). */
  url?: string;
  /** Seconds the client may cache the answer. */
  cacheTime?: number;
}

/** Context of a callback-query handler. */
export interface CallbackContext {
  query: UpdateBotCallbackQuery;
  /** The button's data, decoded as UTF-8. */
  data: string;
  /** The match of an `onCallbackQuery` regex. */
  match?: RegExpExecArray;
  /** The pressing user's id. */
  senderId: number;
  /** The chat of the message with the button. */
  chat: Peer;
  /** Answers the query (once; a handler that does not answer gets an empty answer after it returns). */
  answer(answer?: CallbackAnswer): Promise<void>;
  /** Edits the message carrying the button. */
  edit(text: string | undefined, options?: EditTextOptions): Promise<Message>;
  /** Sends a new message to the chat. */
  send(text: string, options?: SendTextOptions): Promise<Message>;
}

function chatKindOf(peer: Peer, post: boolean | undefined): MessageContext['chatKind'] {
  if (peer._ === 'peerUser') return 'private';
  if (peer._ === 'peerChannel' && post) return 'channel';
  return 'group';
}

/** The context of a message handler. */
export function messageContext(ctx: PeerContext, message: RawMessage): MessageContext {
  const from = message.fromId;
  return {
    message,
    text: message.message,
    chat: message.peerId,
    senderId: from?._ === 'peerUser' ? from.userId : message.peerId._ === 'peerUser' ? message.peerId.userId : undefined,
    chatKind: chatKindOf(message.peerId, message.post),
    reply: (text, options = {}) => sendText(ctx, message.peerId, text, { replyTo: message.id, ...options }),
    send: (text, options = {}) => sendText(ctx, message.peerId, text, options),
  };
}

/** The context of a callback-query handler; `answered()` says whether `answer` ran. */
export function callbackContext(ctx: PeerContext, query: UpdateBotCallbackQuery): CallbackContext & { answered(): boolean } {
  let answered = false;
  return {
    query,
    data: query.data ? new TextDecoder().decode(query.data) : '',
    senderId: query.userId,
    chat: query.peer,
    answered: () => answered,
    answer: async (a = {}) => {
      if (answered) return;
      answered = true;
      await ctx.invoke(
        {
          _: 'messages.setBotCallbackAnswer',
          queryId: query.queryId,
          cacheTime: a.cacheTime ?? 0,
          ...(a.text !== undefined ? { message: a.text } : {}),
          ...(a.alert ? { alert: true } : {}),
          ...(a.url !== undefined ? { url: a.url } : {}),
        },
        {},
      );
    },
    edit: (text, options = {}) => editText(ctx, query.peer, query.msgId, text, options),
    send: (text, options = {}) => sendText(ctx, query.peer, text, options),
  };
}
