/** Peers and service messages. */
import type { Message, MessageAction, Peer } from '../../../tl/index.js';
import type { ChatRecord } from '../types.js';

/** `peerChat` / `peerChannel` of a chat. */
export function chatPeer(chat: ChatRecord): Peer {
  return chat.kind === 'chat' ? { _: 'peerChat', chatId: chat.id } : { _: 'peerChannel', channelId: chat.id };
}

/** `peerUser`. */
export function userPeer(userId: number): Peer {
  return { _: 'peerUser', userId };
}

/** A `messageService` in `chat`, as `viewerId` sees it. */
export function serviceMessageView(
  chat: ChatRecord,
  msg: { id: number; fromId?: number; date: number },
  action: MessageAction,
  viewerId: number,
): Message {
  return {
    _: 'messageService',
    id: msg.id,
    peerId: chatPeer(chat),
    date: msg.date,
    action,
    ...(msg.fromId !== undefined ? { fromId: userPeer(msg.fromId) } : {}),
    ...(msg.fromId === viewerId ? { out: true } : {}),
    ...(chat.broadcast ? { post: true } : {}),
  };
}
