/**
 * The classification `parsePeer` returns.
 * @module
 */
import type { BotApiPeerType } from './bot-api-ids.js';

/** Where a message link points inside its chat (`?thread=`, `?comment=`, `?single`, `?t=`). */
export interface MessageLinkOptions {
  /** The forum topic or thread (`/<name>/<topic>/<msg>` or `?thread=`). */
  threadId?: number;
  /** A comment in the post's discussion group (`?comment=`). */
  commentId?: number;
  /** `?single`: the one message of an album. */
  single?: boolean;
  /** `?t=`: a media timestamp, in seconds. */
  mediaTimestamp?: number;
}

/**
 * What a peer input names. The resolver (network, cache) acts on each kind:
 * - `self`: the current account (`'me'`, `'self'`).
 * - `username`: `'@name'`, `'name'`, `t.me/name`, `name.t.me`, `tg://resolve?domain=name`; `start` is a
 *   bot's `?start=` parameter. `username` is as written, without `@` (usernames are case-insensitive).
 * - `phone`: `'+1 555 123'`, `t.me/+1555123`, `tg://resolve?phone=`; digits only.
 * - `invite`: `t.me/+hash`, `t.me/joinchat/hash`, `tg://join?invite=hash` (the resolver checks it).
 * - `id`: a Bot API id (`123` user, `-123` basic group, `-100…` channel, secret chats) or
 *   `tg://user?id=`; `id` is the MTProto id of that `type`, `botApiId` the number as given.
 * - `message`: `t.me/name/45` (and `/name/topic/45`, `tg://resolve?domain=name&post=45`).
 * - `channelMessage`: `t.me/c/123/45` (and `/c/123/topic/45`, `tg://privatepost?channel=123&post=45`);
 *   `channelId` is the bare MTProto channel id.
 */
export type ParsedPeer =
  | { kind: 'self' }
  | { kind: 'username'; username: string; start?: string }
  | { kind: 'phone'; phone: string }
  | { kind: 'invite'; hash: string }
  | { kind: 'id'; type: BotApiPeerType; id: number; botApiId: number }
  | ({ kind: 'message'; username: string; messageId: number } & MessageLinkOptions)
  | ({ kind: 'channelMessage'; channelId: number; messageId: number } & MessageLinkOptions);
