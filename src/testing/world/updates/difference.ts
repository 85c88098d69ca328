/**
 * `updates.getState` and `updates.getDifference` (spec/updates.md §5.1–5.3): the common box's events after
 * the client's pts (new messages in `new_messages`, the rest in `other_updates`), its qts events, the
 * box-less seq containers since its date, and `updateChannelTooLong` for channels with news.
 */
import type { Message, Update, UpdatesDifference, UpdatesState } from '../../../tl/index.js';
import { messageFail } from '../messages/errors.js';
import { totalUnread } from '../messages/dialogs.js';
import { userBox } from '../messages/store.js';
import { messageView } from '../messages/view.js';
import type { UserRecord } from '../types.js';
import type { World } from '../world.js';
import { Refs } from './refs.js';
import { hiddenFromBot, renderEvent } from './render.js';

/** What `updates.getDifference` asks. */
export interface DifferenceRequest {
  pts: number;
  date: number;
  qts: number;
  ptsLimit?: number;
  ptsTotalLimit?: number;
  qtsLimit?: number;
}

/** `updates.state` of an account now. */
export function accountState(world: World, user: UserRecord, now: number): UpdatesState {
  const box = world.updateBoxes.account(user.id);
  return { _: 'updates.state', pts: box.pts, qts: box.qts, date: now, seq: box.seq, unreadCount: totalUnread(world, user) };
}

/** Channels of `user` with events dated `date` or later (the most recent `differenceChannelsMax`), as `updateChannelTooLong`. */
function channelsWithNews(world: World, user: UserRecord, date: number, refs: Refs): Update[] {
  const found: Array<{ id: number; pts: number; lastDate: number }> = [];
  for (const chat of world.chats.values()) {
    if (chat.kind !== 'channel' || chat.deleted || !chat.participants.has(user.id)) continue;
    const box = world.updateBoxes.channel(chat.id);
    if (box.lastDate === 0 || box.lastDate < date) continue;
    found.push({ id: chat.id, pts: box.pts, lastDate: box.lastDate });
  }
  if (found.length > world.messageSwitches.differenceChannelsMax) {
    found.sort((a, b) => b.lastDate - a.lastDate || b.id - a.id);
    found.length = world.messageSwitches.differenceChannelsMax;
  }
  return found.map((c) => {
    refs.chats.add(c.id);
    return { _: 'updateChannelTooLong', channelId: c.id, pts: c.pts };
  });
}

/** Spec §5.2: the difference of `user`'s account since `req`. */
export function getDifference(world: World, user: UserRecord, req: DifferenceRequest, now: number): UpdatesDifference {
  if (req.pts <= 0) messageFail('timestampEmpty');
  if (req.date <= 0) messageFail('dateEmpty');
  const boxes = world.updateBoxes;
  const box = boxes.account(user.id);
  if (req.pts > box.pts) messageFail('timestampInvalid');
  const s = world.messageSwitches;
  const totalLimit = req.ptsTotalLimit !== undefined && req.ptsTotalLimit > 0 ? req.ptsTotalLimit : s.differenceTotalLimitDefault;
  const forced = world.updateFaults.take(world.updateFaults.differenceTooLong, user.id);
  if (forced || req.pts < box.floorPts || req.pts + totalLimit < box.pts) return { _: 'updates.differenceTooLong', pts: box.pts };

  const ptsCap = Math.min(req.ptsLimit !== undefined && req.ptsLimit > 0 ? req.ptsLimit : Infinity, s.differenceSliceEvents);
  const own = userBox(user.id);
  const events = boxes.eventsAfter(own, req.pts, box.pts, ptsCap);
  const lastPts = events.length > 0 ? events[events.length - 1]!.pts : req.pts;
  const fromQts = Math.min(Math.max(req.qts, 0), box.qts);
  const qtsCap = Math.min(req.qtsLimit !== undefined && req.qtsLimit > 0 ? req.qtsLimit : Infinity, s.differenceSliceQts);
  const qtsEvents = boxes.qtsAfter(user.id, fromQts, box.qts, qtsCap);
  const lastQts = qtsEvents.length > 0 ? qtsEvents[qtsEvents.length - 1]!.qts : Math.max(fromQts, box.floorQts);
  const sliced = lastPts < box.pts || lastQts < box.qts;

  const refs = new Refs();
  const newMessages: Message[] = [];
  const other: Update[] = [];
  for (const e of events) {
    if (e.kind === 'new') {
      const m = world.messages.get(own, e.id);
      if (!m || hiddenFromBot(world, m, user.id)) continue;
      const view = messageView(world, m, user.id);
      newMessages.push(view);
      refs.scanMessage(view);
      if (m.out && m.randomId !== undefined) other.push({ _: 'updateMessageID', id: m.id, randomId: m.randomId });
      continue;
    }
    const u = renderEvent(world, own, e, user.id);
    if (u) {
      other.push(u);
      refs.scan(u);
    }
  }
  for (const q of qtsEvents) {
    other.push(q.update);
    refs.scan(q.update);
  }
  if (!sliced) {
    for (const seq of boxes.boxlessSince(user.id, req.date)) {
      other.push(...seq.updates);
      refs.addUsers(seq.users).addChats(seq.chats);
    }
    other.push(...channelsWithNews(world, user, req.date, refs));
  }
  if (events.length === 0 && qtsEvents.length === 0 && other.length === 0) {
    return { _: 'updates.differenceEmpty', date: now, seq: box.seq };
  }
  const state: UpdatesState = {
    _: 'updates.state',
    pts: lastPts,
    qts: lastQts,
    date: sliced ? req.date : now,
    seq: box.seq,
    unreadCount: totalUnread(world, user),
  };
  const { users, chats } = refs.views(world, user.id);
  const body = { newMessages, newEncryptedMessages: [], otherUpdates: other, chats, users };
  return sliced ? { _: 'updates.differenceSlice', ...body, intermediateState: state } : { _: 'updates.difference', ...body, state };
}
