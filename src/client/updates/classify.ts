/**
 * Which box an update belongs to and where it moves it (https://core.telegram.org/api/updates): the common
 * box (`pts`: private chats and basic groups), the secondary box (`qts`), a channel's box (its own `pts`), or
 * none (ordered only by the container's `seq`).
 *
 * @module
 */
import type { Message, Update } from '../../tl/index.js';

/** The box of an update: `'common'`, `'qts'`, or a channel id. */
export type BoxKey = 'common' | 'qts' | number;

/** Where an update sits in its box: state after it (`pts`) and the events it holds (`count`). */
export interface BoxPosition {
  box: BoxKey;
  pts: number;
  count: number;
}

const COMMON_PTS: ReadonlySet<string> = new Set([
  'updateNewMessage',
  'updateEditMessage',
  'updateDeleteMessages',
  'updateReadHistoryInbox',
  'updateReadHistoryOutbox',
  'updateReadMessagesContents',
  'updateWebPage',
  'updatePinnedMessages',
  'updateFolderPeers',
]);

const CHANNEL_PTS_BY_ID: ReadonlySet<string> = new Set([
  'updateDeleteChannelMessages',
  'updateChannelWebPage',
  'updatePinnedChannelMessages',
  'updateReadChannelInbox',
]);

const QTS: ReadonlySet<string> = new Set([
  'updateNewEncryptedMessage',
  'updateMessagePollVote',
  'updateChatParticipant',
  'updateChannelParticipant',
  'updateBotStopped',
  'updateBotChatInviteRequester',
  'updateBotChatBoost',
  'updateBotMessageReaction',
  'updateBotMessageReactions',
  'updateBotBusinessConnect',
  'updateBotNewBusinessMessage',
  'updateBotEditBusinessMessage',
  'updateBotDeleteBusinessMessage',
  'updateBotPurchasedPaidMedia',
  'updateManagedBot',
  'updateBotGuestChatQuery',
  'updateBotStarsSubscription',
]);

interface Counted {
  pts?: number;
  ptsCount?: number;
  qts?: number;
  channelId?: number;
  message?: Message;
}

/** The channel a message lives in, if it is a channel message. */
export function channelOfMessage(message: Message | undefined): number | undefined {
  const peer = message && 'peerId' in message ? message.peerId : undefined;
  return peer?._ === 'peerChannel' ? peer.channelId : undefined;
}

/**
 * The box and position of `update`, or `undefined` for updates outside every box (and for `qts = 0`, which
 * means "no position": apply it without ordering).
 */
export function positionOf(update: Update): BoxPosition | undefined {
  const name = update._;
  const u = update as unknown as Counted;
  if (COMMON_PTS.has(name)) return { box: 'common', pts: u.pts ?? 0, count: u.ptsCount ?? 0 };
  if (name === 'updateNewChannelMessage' || name === 'updateEditChannelMessage') {
    const channelId = channelOfMessage(u.message);
    return channelId === undefined ? undefined : { box: channelId, pts: u.pts ?? 0, count: u.ptsCount ?? 0 };
  }
  if (CHANNEL_PTS_BY_ID.has(name)) {
    if (u.channelId === undefined) return undefined;
    return { box: u.channelId, pts: u.pts ?? 0, count: name === 'updateReadChannelInbox' ? 0 : (u.ptsCount ?? 0) };
  }
  if (QTS.has(name) && u.qts !== undefined && u.qts !== 0) return { box: 'qts', pts: u.qts, count: 1 };
  return undefined;
}

/** True for updates of the secondary (qts) box, whatever their qts. */
export function isQtsUpdate(update: Update): boolean {
  return QTS.has(update._);
}
