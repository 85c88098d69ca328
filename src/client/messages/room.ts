/** `client.messages`: the message helpers and message iterators bound to one client. */
import type { Message } from '../../tl/index.js';
import type { InvokeOptions } from '../invoke/types.js';
import { iterHistory, type HistoryOptions } from '../iterators/history.js';
import { iterSearch, type SearchOptions } from '../iterators/search.js';
import type { PeerContext, PeerInput } from '../peers/resolve.js';
import { deleteMessages, type DeleteMessagesOptions } from './delete.js';
import { editText, type EditTextOptions } from './edit.js';
import { forwardMessages, type ForwardOptions } from './forward.js';
import { pinMessage, unpinMessage, type PinOptions } from './pin.js';
import { readHistory } from './read.js';
import { setTyping, withTyping, type SetTypingOptions, type TypingAction, type WithTypingOptions } from './typing.js';
import { sendText, type SendTextOptions, type SplitSendOptions } from './send.js';

/** The messages room of a client (each member is the plain function of the same name over the client). */
export interface MessagesRoom {
  sendText(peer: PeerInput, text: string, options: SplitSendOptions): Promise<Message[]>;
  sendText(peer: PeerInput, text: string, options?: SendTextOptions & { split?: false }): Promise<Message>;
  editText(peer: PeerInput, id: number, text: string | undefined, options?: EditTextOptions): Promise<Message>;
  deleteMessages(peer: PeerInput, ids: readonly number[], options?: DeleteMessagesOptions): Promise<number>;
  forwardMessages(from: PeerInput, ids: readonly number[], to: PeerInput, options?: ForwardOptions): Promise<Message[]>;
  pin(peer: PeerInput, id: number, options?: PinOptions): Promise<Message | undefined>;
  unpin(peer: PeerInput, id: number, options?: InvokeOptions): Promise<void>;
  readHistory(peer: PeerInput, maxId?: number, options?: InvokeOptions): Promise<void>;
  setTyping(peer: PeerInput, action?: TypingAction, options?: SetTypingOptions): Promise<void>;
  withTyping<T>(peer: PeerInput, fn: (signal: AbortSignal) => Promise<T>, options?: WithTypingOptions): Promise<T>;
  iterHistory(peer: PeerInput, options?: HistoryOptions): AsyncGenerator<Message>;
  iterSearch(peer: PeerInput, query: string, options?: SearchOptions): AsyncGenerator<Message>;
}

/** Builds the messages room over `ctx`. */
export function messagesRoom(ctx: PeerContext): MessagesRoom {
  return {
    sendText: ((peer: PeerInput, text: string, options?: SendTextOptions & { split?: boolean }) =>
      options?.split ? sendText(ctx, peer, text, { ...options, split: true }) : sendText(ctx, peer, text, { ...options, split: false })) as MessagesRoom['sendText'],
    editText: (peer, id, text, options) => editText(ctx, peer, id, text, options),
    deleteMessages: (peer, ids, options) => deleteMessages(ctx, peer, ids, options),
    forwardMessages: (from, ids, to, options) => forwardMessages(ctx, from, ids, to, options),
    pin: (peer, id, options) => pinMessage(ctx, peer, id, options),
    unpin: (peer, id, options) => unpinMessage(ctx, peer, id, options),
    readHistory: (peer, maxId, options) => readHistory(ctx, peer, maxId, options),
    setTyping: (peer, action, options) => setTyping(ctx, peer, action, options),
    withTyping: (peer, fn, options) => withTyping(ctx, peer, fn, options),
    iterHistory: (peer, options) => iterHistory(ctx, peer, options),
    iterSearch: (peer, query, options) => iterSearch(ctx, peer, query, options),
  };
}
