/** Box events (`boxes.ts`) as the TL updates one viewer receives, live or in a difference. */
import type { Update } from '../../../tl/index.js';
import { toPeer } from '../messages/peers.js';
import { boxOwner } from '../messages/store.js';
import type { BoxKey, StoredMessage } from '../messages/types.js';
import { messageView } from '../messages/view.js';
import type { World } from '../world.js';
import type { BoxEvent } from './boxes.js';

/** True when `viewerId` (a bot, under privacy mode) may not see the supergroup message `m`. */
export function hiddenFromBot(world: World, m: StoredMessage, viewerId: number): boolean {
  return m.botsSee !== undefined && world.users.get(viewerId)?.bot === true && !m.botsSee.includes(viewerId);
}

/** The update of `event` of `box` for `viewerId`; undefined when the message is gone or hidden from the viewer. */
export function renderEvent(world: World, box: BoxKey, e: BoxEvent, viewerId: number): Update | undefined {
  const channel = box[0] === 'c';
  const pts = e.pts;
  const ptsCount = e.count;
  switch (e.kind) {
    case 'new':
    case 'edit': {
      const m = world.messages.get(box, e.id);
      if (!m || hiddenFromBot(world, m, viewerId)) return undefined;
      const message = messageView(world, m, viewerId);
      if (e.kind === 'new') return { _: channel ? 'updateNewChannelMessage' : 'updateNewMessage', message, pts, ptsCount };
      return { _: channel ? 'updateEditChannelMessage' : 'updateEditMessage', message, pts, ptsCount };
    }
    case 'delete':
      return channel
        ? { _: 'updateDeleteChannelMessages', channelId: boxOwner(box), messages: e.ids, pts, ptsCount }
        : { _: 'updateDeleteMessages', messages: e.ids, pts, ptsCount };
    case 'readInbox':
      return { _: 'updateReadHistoryInbox', peer: toPeer(e.peer), maxId: e.maxId, stillUnreadCount: e.stillUnread, pts, ptsCount };
    case 'readOutbox':
      return { _: 'updateReadHistoryOutbox', peer: toPeer(e.peer), maxId: e.maxId, pts, ptsCount };
    case 'pin':
      return channel
        ? { _: 'updatePinnedChannelMessages', channelId: boxOwner(box), messages: e.ids, pts, ptsCount, ...(e.pinned ? { pinned: true } : {}) }
        : { _: 'updatePinnedMessages', peer: toPeer(e.peer), messages: e.ids, pts, ptsCount, ...(e.pinned ? { pinned: true } : {}) };
    default:
      return undefined;
  }
}

/** True for updates numbered in a pts or qts box (their container carries seq 0). */
export function isBoxUpdate(u: Update): boolean {
  const r = u as unknown as { pts?: unknown; qts?: unknown };
  return typeof r.pts === 'number' || (typeof r.qts === 'number' && r.qts !== 0);
}

/** Channels whose box an update belongs to (for per-channel push delays). */
export function channelOfUpdate(u: Update): number | undefined {
  switch (u._) {
    case 'updateNewChannelMessage':
    case 'updateEditChannelMessage':
      return u.message._ !== 'messageEmpty' && u.message.peerId._ === 'peerChannel' ? u.message.peerId.channelId : undefined;
    case 'updateDeleteChannelMessages':
    case 'updatePinnedChannelMessages':
    case 'updateReadChannelInbox':
    case 'updateChannelTooLong':
    case 'updateReadChannelOutbox':
      return u.channelId;
    default:
      return undefined;
  }
}
