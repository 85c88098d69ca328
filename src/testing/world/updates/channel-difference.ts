/**
 * `updates.getChannelDifference` (spec/updates.md §5.4–5.6): a channel box's events after the client's pts,
 * not final past the server's page, `channelDifferenceTooLong` past `limit` or the retention.
 */
import type { ChannelMessagesFilter, Message, Update, UpdatesChannelDifference } from '../../../tl/index.js';
import { messageFail } from '../messages/errors.js';
import { dialogEntry, dialogView } from '../messages/dialogs.js';
import { MESSAGE_RULES } from '../messages/rules.js';
import { channelBox } from '../messages/store.js';
import { messageView } from '../messages/view.js';
import type { ChatRecord, UserRecord } from '../types.js';
import type { World } from '../world.js';
import type { BoxEvent } from './boxes.js';
import { Refs } from './refs.js';
import { hiddenFromBot, renderEvent } from './render.js';

/** What `updates.getChannelDifference` asks (channel already resolved). */
export interface ChannelDifferenceRequest {
  pts: number;
  limit: number;
  force?: boolean;
  filter: ChannelMessagesFilter;
}

function inRanges(filter: ChannelMessagesFilter, id: number): boolean {
  return filter._ !== 'channelMessagesFilter' || filter.ranges.some((r) => id >= r.minId && id <= r.maxId);
}

function eventIds(e: BoxEvent): number[] {
  return e.kind === 'new' || e.kind === 'edit' ? [e.id] : e.kind === 'delete' || e.kind === 'pin' ? e.ids : [];
}

/** Spec §5.5: `channelDifferenceTooLong` with the dialog and the latest messages. */
function tooLong(world: World, user: UserRecord, chat: ChatRecord, limit: number): UpdatesChannelDifference {
  const box = channelBox(chat.id);
  const peer = { kind: 'channel' as const, id: chat.id };
  const entry = dialogEntry(world, user, peer);
  const ids = world.messages.ids(box, peer);
  const latest: Message[] = [];
  const refs = new Refs();
  refs.chats.add(chat.id);
  const want = Math.min(limit, world.messageSwitches.channelTooLongMessages);
  for (let i = ids.length - 1; i >= 0 && latest.length < want; i--) {
    const m = world.messages.get(box, ids[i]!);
    if (!m || hiddenFromBot(world, m, user.id)) continue;
    const view = messageView(world, m, user.id);
    latest.push(view);
    refs.scan(view);
  }
  const dialog = entry
    ? dialogView(world, user.id, entry)
    : {
        _: 'dialog' as const,
        peer: { _: 'peerChannel' as const, channelId: chat.id },
        topMessage: 0,
        readInboxMaxId: 0,
        readOutboxMaxId: 0,
        unreadCount: 0,
        unreadMentionsCount: 0,
        unreadReactionsCount: 0,
        unreadPollVotesCount: 0,
        notifySettings: { _: 'peerNotifySettings' as const },
        pts: world.updateBoxes.channel(chat.id).pts,
      };
  const { users, chats } = refs.views(world, user.id);
  return {
    _: 'updates.channelDifferenceTooLong',
    final: true,
    timeout: world.messageSwitches.channelDifferenceTimeout,
    dialog,
    messages: latest,
    chats,
    users,
  };
}

/** Spec §5.4–5.5 for a channel the caller may read. */
export function getChannelDifference(world: World, user: UserRecord, chat: ChatRecord, req: ChannelDifferenceRequest): UpdatesChannelDifference {
  const filter = req.filter;
  if (filter._ === 'channelMessagesFilter' && (filter.ranges.length === 0 || filter.ranges.some((r) => r.minId > r.maxId))) messageFail('rangesInvalid');
  if (req.pts <= 0) messageFail('timestampEmpty');
  const s = world.messageSwitches;
  const box = world.updateBoxes.channel(chat.id);
  if (req.pts > box.pts) messageFail('timestampInvalid');
  const maxLimit = user.bot ? s.channelDifferenceLimitBots : s.channelDifferenceLimitUsers;
  const limit = Math.max(1, Math.min(maxLimit, req.limit));
  const forced = world.updateFaults.take(world.updateFaults.channelTooLong, chat.id);
  if (forced || req.pts < box.floorPts || (MESSAGE_RULES.channelTooLongPastLimit && req.pts + limit < box.pts)) return tooLong(world, user, chat, limit);
  const timeout = s.channelDifferenceTimeout;
  if (req.pts === box.pts) return { _: 'updates.channelDifferenceEmpty', final: true, pts: box.pts, timeout };

  const key = channelBox(chat.id);
  const events = world.updateBoxes.eventsAfter(key, req.pts, box.pts, s.channelDifferenceSliceEvents);
  const lastPts = events.length > 0 ? events[events.length - 1]!.pts : box.pts;
  const final = lastPts >= box.pts;
  const refs = new Refs();
  const newMessages: Message[] = [];
  const newIds = new Set<number>();
  const other: Update[] = [];
  const excludeNew = filter._ === 'channelMessagesFilter' && filter.excludeNewMessages === true;
  for (const e of events) {
    if (!eventIds(e).some((id) => inRanges(filter, id))) continue;
    if (e.kind === 'new') {
      if (excludeNew) continue;
      const m = world.messages.get(key, e.id);
      if (!m || hiddenFromBot(world, m, user.id)) continue;
      const view = messageView(world, m, user.id);
      newMessages.push(view);
      newIds.add(m.id);
      refs.scan(view);
      continue;
    }
    if (req.force && MESSAGE_RULES.channelForceFoldsEdits && e.kind === 'edit' && newIds.has(e.id)) continue;
    const u = renderEvent(world, key, e, user.id);
    if (u) {
      other.push(u);
      refs.scan(u);
    }
  }
  if (newMessages.length === 0 && other.length === 0 && final) return { _: 'updates.channelDifferenceEmpty', final: true, pts: lastPts, timeout };
  refs.chats.add(chat.id);
  const { users, chats } = refs.views(world, user.id);
  return {
    _: 'updates.channelDifference',
    pts: lastPts,
    ...(final ? { final: true, timeout } : {}),
    newMessages,
    otherUpdates: other,
    chats,
    users,
  };
}
