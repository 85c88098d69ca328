/**
 * Records of the messages area: stored messages (one row each), the families linking the copies of one
 * private or basic-group message in several accounts' boxes, read marks, and the media boundary with the
 * files area (contracts §9).
 */
import type { InputMedia, MessageAction, MessageEntity, MessageFwdHeader, MessageMedia, ReplyMarkup } from '../../../tl/index.js';

/** A dialog as its owner sees it: a user (private chat or Saved Messages), a basic group or a channel. */
export interface PeerRef {
  kind: 'user' | 'chat' | 'channel';
  id: number;
}

/**
 * The box a message lives in: an account's common box (`u<userId>`: private chats and basic groups, the
 * account's own ids) or a channel's box (`c<channelId>`: one id for every member).
 */
export type BoxKey = `u${number}` | `c${number}`;

/** Media of a message: an id in the files area's tables (contracts §9). */
export interface MediaRef {
  kind: 'photo' | 'document';
  id: bigint;
}

/**
 * What the files area installs as `world.media` (contracts §9). Until it does, a message with media shows
 * `messageMediaUnsupported`.
 */
export interface MediaViews {
  /** The `MessageMedia` of `ref` as `viewerId` sees it (file references are per viewer). */
  view(ref: MediaRef, viewerId: number): MessageMedia;
  /** Turns an `InputMedia` of `messages.editMessage` into stored media; throws the method's RpcError when it cannot. */
  resolveInput?(input: InputMedia, ownerId: number): MediaRef;
}

/** One stored message (a row of the `messages` table, key `<box>:<id>`). */
export interface StoredMessage {
  id: number;
  box: BoxKey;
  /** The dialog, from the box owner's side (in a channel box: the channel). */
  peer: PeerRef;
  /** Author; kept for broadcast posts too (shown only where Telegram shows it). */
  fromId?: number;
  /** Outgoing for the box owner (common boxes; channels compare `fromId` with the viewer). */
  out: boolean;
  date: number;
  text: string;
  entities?: MessageEntity[];
  media?: MediaRef;
  /** Service message action. */
  action?: MessageAction;
  /** Message replied to, in this box's numbering. */
  replyToId?: number;
  /** Users the message concerns besides its author (action users, mentions): `…FromMessage` checks, users lists. */
  mentions?: number[];
  replyMarkup?: ReplyMarkup;
  fwdFrom?: MessageFwdHeader;
  editDate?: number;
  editHide?: boolean;
  pinned?: boolean;
  silent?: boolean;
  /** Broadcast channel post. */
  post?: boolean;
  /** The box owner is mentioned (or replied to). */
  mentioned?: boolean;
  viaBotId?: number;
  groupedId?: bigint;
  /** random_id of the send (author's copy only). */
  randomId?: bigint;
  /** Family key linking the copies of one private / basic-group message. */
  family?: string;
  /** Supergroup messages: the bots (members) that may see it under privacy mode; absent = every bot. */
  botsSee?: number[];
}

/** The copies of one message in several common boxes: `[userId, id]`, author first. */
export interface MessageFamily {
  copies: Array<[number, number]>;
}

/** Read marks of one dialog of one account (row `<userId>:<peerKey>` of `readMarks`). */
export interface ReadMarks {
  inbox: number;
  outbox: number;
}

/** Where a random_id of a sender went (row `<userId>:<randomId>` of `randomIds`). */
export interface RandomIdRecord {
  box: BoxKey;
  id: number;
  /** Peer key the message was sent to. */
  peer: string;
  /** pts of the box when the message was made (the replay answer carries it). */
  pts: number;
}
