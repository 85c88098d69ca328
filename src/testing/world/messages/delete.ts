/** Deleting (spec/messages.md §4): copies in common boxes, or channel messages for everyone. */
import type { MessagesAffectedMessages } from '../../../tl/index.js';
import type { RequestContext } from '../../context.js';
import { UpdateBatch } from '../updates/batch.js';
import { renderEvent } from '../updates/render.js';
import type { ChatRecord, UserRecord } from '../types.js';
import type { World } from '../world.js';
import { messageFail } from './errors.js';
import { hasChatRight } from './peers.js';
import { MESSAGE_RULES } from './rules.js';
import { boxOwner, channelBox, userBox } from './store.js';
import type { StoredMessage } from './types.js';

/** Service messages nobody deletes from a channel (spec §4). */
const PERMANENT_ACTIONS = new Set(['messageActionChannelCreate', 'messageActionChatMigrateTo', 'messageActionChannelMigrateFrom', 'messageActionTopicCreate']);

function removeCopy(world: World, m: StoredMessage): void {
  world.messages.remove(m);
  world.messages.leaveFamily(m);
  if (m.randomId !== undefined) world.messages.deleteRandomId(boxOwner(m.box), m.randomId);
}

/** Spec §4: may `caller` delete `m` (of its common box) for everyone? `undefined` = its own copy only. */
function revokeScope(world: World, caller: UserRecord, m: StoredMessage, now: number): 'all' | 'own' {
  if (m.peer.kind === 'user') {
    if (m.peer.id === caller.id) return 'own';
    if (caller.bot && now - m.date >= world.messageSwitches.botDeleteLimit) messageFail('deleteForbidden');
    return m.action ? 'own' : 'all';
  }
  const chat = world.chats.get(m.peer.id);
  const admin = chat !== undefined && hasChatRight(chat, caller.id, 'deleteMessages');
  if (m.action && !admin) messageFail('deleteForbidden');
  if (caller.bot && now - m.date >= world.messageSwitches.botDeleteLimit) messageFail('deleteForbidden');
  if (m.out || admin) return 'all';
  if (caller.bot) messageFail('deleteForbidden');
  return 'own';
}

/** `messages.deleteMessages`: deletes ids of the caller's common box; returns the caller's affected pts. */
export function deleteCommonMessages(world: World, ctx: RequestContext, caller: UserRecord, ids: number[], revoke: boolean): MessagesAffectedMessages {
  const now = ctx.now();
  const all = revoke || (caller.bot && MESSAGE_RULES.botDeleteRevokes);
  const perUser = new Map<number, StoredMessage[]>();
  const add = (userId: number, m: StoredMessage): void => {
    const list = perUser.get(userId) ?? [];
    if (!list.includes(m)) list.push(m);
    perUser.set(userId, list);
  };
  for (const id of new Set(ids)) {
    const m = world.messages.get(userBox(caller.id), id);
    if (!m) continue;
    if (all && revokeScope(world, caller, m, now) === 'all') for (const [userId, copy] of world.messages.copiesOf(m)) add(userId, copy);
    else add(caller.id, m);
  }
  const batch = new UpdateBatch(world);
  let result: MessagesAffectedMessages = { _: 'messages.affectedMessages', pts: world.updateBoxes.account(caller.id).pts, ptsCount: 0 };
  for (const [userId, list] of perUser) {
    for (const m of list) removeCopy(world, m);
    const event = world.updateBoxes.addAccountEvent(userId, list.length, now, { kind: 'delete', ids: list.map((m) => m.id) });
    const update = renderEvent(world, userBox(userId), event, userId);
    if (update) batch.add(userId, update);
    if (userId === caller.id) result = { _: 'messages.affectedMessages', pts: event.pts, ptsCount: event.count };
  }
  if (perUser.size > 0) {
    batch.deliver(ctx, caller.id);
    world.changed();
  }
  return result;
}

/** Spec §4: may `caller` delete channel message `m`? */
function mayDeleteInChannel(world: World, chat: ChatRecord, caller: UserRecord, m: StoredMessage, now: number): boolean {
  // id 1 is always the creation message on Telegram; seeded channels may start without one, so the action decides
  if (m.action && PERMANENT_ACTIONS.has(m.action._)) return false;
  if (caller.bot && now - m.date >= world.messageSwitches.botDeleteLimit) return false;
  if (hasChatRight(chat, caller.id, 'deleteMessages')) return true;
  if (m.fromId !== caller.id) return false;
  return !chat.broadcast || hasChatRight(chat, caller.id, 'postMessages');
}

/** `channels.deleteMessages`: deletes for everyone; returns the channel's affected pts. */
export function deleteChannelMessages(world: World, ctx: RequestContext, caller: UserRecord, chat: ChatRecord, ids: number[]): MessagesAffectedMessages {
  const now = ctx.now();
  const found: StoredMessage[] = [];
  for (const id of new Set(ids)) {
    const m = world.messages.get(channelBox(chat.id), id);
    if (!m) continue;
    if (!mayDeleteInChannel(world, chat, caller, m, now)) messageFail('deleteForbidden');
    found.push(m);
  }
  if (found.length === 0) messageFail('msgIdInvalid');
  for (const m of found) removeCopy(world, m);
  const event = world.updateBoxes.addChannelEvent(chat.id, found.length, now, { kind: 'delete', ids: found.map((m) => m.id) });
  const batch = new UpdateBatch(world);
  for (const userId of chat.participants.keys()) {
    const update = renderEvent(world, channelBox(chat.id), event, userId);
    if (update) batch.add(userId, update, [], [chat]);
  }
  batch.deliver(ctx, caller.id);
  world.changed();
  return { _: 'messages.affectedMessages', pts: event.pts, ptsCount: event.count };
}
