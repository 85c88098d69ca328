/** Read marks (spec/messages.md §6, spec/updates.md §3.7): inbox for the reader, outbox for the authors. */
import type { MessagesAffectedMessages } from '../../../tl/index.js';
import type { RequestContext } from '../../context.js';
import { UpdateBatch } from '../updates/batch.js';
import { renderEvent } from '../updates/render.js';
import type { ChatRecord, UserRecord } from '../types.js';
import type { World } from '../world.js';
import { messageFail } from './errors.js';
import type { Target } from './peers.js';
import { targetPeer } from './peers.js';
import { channelBox, lowerBound, peerKey, userBox } from './store.js';
import type { BoxKey, PeerRef } from './types.js';

/** Incoming messages of a dialog above `inbox` (the unread count; service messages do not count). */
export function unreadCount(world: World, viewerId: number, box: BoxKey, peer: PeerRef, inbox: number): number {
  return world.messages.unreadAbove(box, peer, viewerId, inbox);
}

/** The read mark `maxId` (0 = everything) asks for, capped at the newest message. */
function wantedMark(ids: readonly number[], maxId: number): number {
  const top = ids.length === 0 ? 0 : ids[ids.length - 1]!;
  return maxId <= 0 ? top : Math.min(maxId, top);
}

/** `messages.readHistory` in a private chat or basic group. */
export function readCommonHistory(world: World, ctx: RequestContext, caller: UserRecord, target: Target, maxId: number): MessagesAffectedMessages {
  const store = world.messages;
  const box = userBox(caller.id);
  const peer = targetPeer(target, caller.id);
  const key = peerKey(peer);
  const ids = store.ids(box, key);
  const marks = store.readMarks(caller.id, key);
  const next = wantedMark(ids, maxId);
  if (next <= marks.inbox) return { _: 'messages.affectedMessages', pts: world.updateBoxes.account(caller.id).pts, ptsCount: 0 };
  const now = ctx.now();
  const authors = new Map<number, number>();
  for (let i = lowerBound(ids, marks.inbox + 1); i < ids.length && ids[i]! <= next; i++) {
    const m = store.get(box, ids[i]!);
    if (!m || m.out || m.action || m.fromId === undefined) continue;
    const copy = store.copyIn(m, m.fromId);
    if (copy) authors.set(m.fromId, Math.max(authors.get(m.fromId) ?? 0, copy.id));
  }
  store.setReadMarks(caller.id, key, { ...marks, inbox: next });
  const batch = new UpdateBatch(world);
  const stillUnread = unreadCount(world, caller.id, box, peer, next);
  const own = world.updateBoxes.addAccountEvent(caller.id, 1, now, { kind: 'readInbox', peer, maxId: next, stillUnread });
  batch.add(caller.id, renderEvent(world, box, own, caller.id)!, peer.kind === 'user' ? [peer.id] : [], peer.kind === 'chat' ? [peer.id] : []);
  for (const [authorId, maxOut] of authors) {
    const authorPeer: PeerRef = peer.kind === 'user' ? { kind: 'user', id: caller.id } : peer;
    const authorMarks = store.readMarks(authorId, authorPeer);
    if (maxOut <= authorMarks.outbox) continue;
    store.setReadMarks(authorId, authorPeer, { ...authorMarks, outbox: maxOut });
    const e = world.updateBoxes.addAccountEvent(authorId, 1, now, { kind: 'readOutbox', peer: authorPeer, maxId: maxOut });
    batch.add(authorId, renderEvent(world, userBox(authorId), e, authorId)!, authorPeer.kind === 'user' ? [caller.id] : [], authorPeer.kind === 'chat' ? [authorPeer.id] : []);
  }
  batch.deliver(ctx, caller.id);
  world.changed();
  return { _: 'messages.affectedMessages', pts: own.pts, ptsCount: own.count };
}

/** `channels.readHistory`: the reader's other sessions get `updateReadChannelInbox`, authors `updateReadChannelOutbox`. */
export function readChannelHistory(world: World, ctx: RequestContext, caller: UserRecord, chat: ChatRecord, maxId: number): boolean {
  const store = world.messages;
  const box = channelBox(chat.id);
  const peer: PeerRef = { kind: 'channel', id: chat.id };
  if (maxId > world.updateBoxes.channel(chat.id).maxId) messageFail('msgIdInvalid');
  if (!chat.participants.has(caller.id)) return true;
  const ids = store.ids(box, peer);
  const marks = store.readMarks(caller.id, peer);
  const next = wantedMark(ids, maxId);
  if (next <= marks.inbox) return true;
  const authors = new Set<number>();
  if (!chat.broadcast) {
    for (let i = lowerBound(ids, marks.inbox + 1); i < ids.length && ids[i]! <= next; i++) {
      const m = store.get(box, ids[i]!);
      if (m?.fromId !== undefined && m.fromId !== caller.id && !m.action) authors.add(m.fromId);
    }
  }
  store.setReadMarks(caller.id, peer, { ...marks, inbox: next });
  const batch = new UpdateBatch(world);
  const stillUnreadCount = unreadCount(world, caller.id, box, peer, next);
  const pts = world.updateBoxes.channel(chat.id).pts;
  batch.add(caller.id, { _: 'updateReadChannelInbox', channelId: chat.id, maxId: next, stillUnreadCount, pts }, [], [chat]);
  for (const authorId of authors) {
    const authorMarks = store.readMarks(authorId, peer);
    if (next <= authorMarks.outbox || !chat.participants.has(authorId)) continue;
    store.setReadMarks(authorId, peer, { ...authorMarks, outbox: next });
    batch.add(authorId, { _: 'updateReadChannelOutbox', channelId: chat.id, maxId: next }, [], [chat]);
  }
  batch.deliver(ctx, caller.id);
  world.changed();
  return true;
}
