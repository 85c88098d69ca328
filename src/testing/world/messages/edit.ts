/** Editing (spec/messages.md §3) and pinning (§6): every copy changes, every viewer gets its box's update. */
import type { MessageEntity, ReplyMarkup, Updates } from '../../../tl/index.js';
import type { RequestContext } from '../../context.js';
import { UpdateBatch } from '../updates/batch.js';
import { renderEvent } from '../updates/render.js';
import type { UserRecord } from '../types.js';
import type { World } from '../world.js';
import { createMessage } from './create.js';
import { messageFail } from './errors.js';
import { storedMarkup } from './markup.js';
import { hasChatRight, resolveTarget, targetBox, targetPeer, type Target } from './peers.js';
import { boxOwner, channelBox, peerKey } from './store.js';
import { normalizeText } from './text.js';
import type { MediaRef, StoredMessage } from './types.js';
import { messageChats, messageUsers } from './view.js';
import type { InputPeer } from '../../../tl/index.js';

/** What `messages.editMessage` changes (media already resolved by the files area). */
export interface EditRequest {
  peer: InputPeer;
  id: number;
  text?: string;
  entities?: MessageEntity[];
  media?: MediaRef;
  replyMarkup?: ReplyMarkup;
}

const REPLY_KEYBOARDS = new Set(['replyKeyboardMarkup', 'replyKeyboardHide', 'replyKeyboardForceReply']);

/** The message `id` of the caller's dialog with `target`. */
export function dialogMessage(world: World, caller: UserRecord, target: Target, id: number): StoredMessage | undefined {
  const m = world.messages.get(targetBox(target, caller.id), id);
  return m && peerKey(m.peer) === peerKey(targetPeer(target, caller.id)) ? m : undefined;
}

/** Spec §3.2: the caller may edit `m`. */
function mayEdit(caller: UserRecord, target: Target, m: StoredMessage): boolean {
  if (target.kind !== 'channel') return m.out;
  if (!target.chat.broadcast) return m.fromId === caller.id;
  return (m.fromId === caller.id && hasChatRight(target.chat, caller.id, 'postMessages')) || hasChatRight(target.chat, caller.id, 'editMessages');
}

/** Spec §3.3: edits past `edit_time_limit` allowed here. */
function timeLimitFree(caller: UserRecord, target: Target, m: StoredMessage): boolean {
  if (caller.bot && m.fromId === caller.id) return true;
  if (target.kind === 'user' && target.self) return true;
  if (target.kind === 'channel') {
    return hasChatRight(target.chat, caller.id, target.chat.broadcast ? 'editMessages' : 'pinMessages');
  }
  return false;
}

const same = (a: unknown, b: unknown): boolean =>
  JSON.stringify(a ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? [...v] : v)) ===
  JSON.stringify(b ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? [...v] : v));

/** Queues the edit event of every copy of `m` (or of the channel message) for its viewers. */
export function emitEdit(world: World, batch: UpdateBatch, m: StoredMessage, date: number): void {
  if (m.box[0] === 'c') {
    const chat = world.chats.get(boxOwner(m.box));
    const event = world.updateBoxes.addChannelEvent(boxOwner(m.box), 1, date, { kind: 'edit', id: m.id });
    for (const userId of chat?.participants.keys() ?? []) {
      const update = renderEvent(world, m.box, event, userId);
      if (update) batch.add(userId, update, messageUsers(m), messageChats(m));
    }
    return;
  }
  for (const [userId, copy] of world.messages.copiesOf(m)) {
    const event = world.updateBoxes.addAccountEvent(userId, 1, date, { kind: 'edit', id: copy.id });
    const update = renderEvent(world, copy.box, event, userId);
    if (update) batch.add(userId, update, messageUsers(copy), messageChats(copy));
  }
}

/** Spec §3: edits text, entities, media and markup of every copy; returns the caller's `updates`. */
export function editMessage(world: World, ctx: RequestContext, caller: UserRecord, req: EditRequest): Updates {
  const target = resolveTarget(world, caller, req.peer, true);
  const m = dialogMessage(world, caller, target, req.id);
  if (!m || m.action || m.fwdFrom || (m.replyMarkup && REPLY_KEYBOARDS.has(m.replyMarkup._))) messageFail('messageIdInvalid');
  if (!mayEdit(caller, target, m)) messageFail('authorRequired');
  const now = ctx.now();
  if (now - m.date >= world.messageSwitches.editTimeLimit && !timeLimitFree(caller, target, m)) messageFail('editExpired');
  const media = req.media ?? m.media;
  const text = req.text === undefined ? undefined : normalizeText(world, caller, req.text, req.entities, media ? { caption: true } : {});
  const markup = req.replyMarkup === undefined ? m.replyMarkup : storedMarkup(world, caller, req.replyMarkup, target.kind === 'channel' && target.chat.broadcast);
  const next = {
    text: text?.text ?? m.text,
    entities: text ? text.entities : m.entities,
    media,
    replyMarkup: markup,
  };
  if (next.text === m.text && same(next.entities ?? [], m.entities ?? []) && same(next.media, m.media) && same(next.replyMarkup, m.replyMarkup)) {
    messageFail('notModified');
  }
  const markupOnly = next.text === m.text && same(next.entities ?? [], m.entities ?? []) && same(next.media, m.media);
  for (const [, copy] of world.messages.copiesOf(m)) {
    copy.text = next.text;
    if (next.entities && next.entities.length > 0) copy.entities = next.entities;
    else delete copy.entities;
    if (next.media) copy.media = next.media;
    else delete copy.media;
    if (next.replyMarkup) copy.replyMarkup = next.replyMarkup;
    else delete copy.replyMarkup;
    copy.editDate = now;
    if (caller.bot && markupOnly) copy.editHide = true;
    world.messages.touch(copy);
  }
  const batch = new UpdateBatch(world);
  emitEdit(world, batch, m, now);
  world.changed();
  return batch.deliver(ctx, caller.id);
}

/** What `messages.updatePinnedMessage` asks for. */
export interface PinRequest {
  peer: InputPeer;
  id: number;
  unpin?: boolean;
  silent?: boolean;
  pmOneside?: boolean;
}

/** Spec §6 pin rights [I]. */
function mayPin(caller: UserRecord, target: Target): boolean {
  if (target.kind === 'user') return true;
  if (target.kind === 'chat') return target.chat.participants.has(caller.id);
  return hasChatRight(target.chat, caller.id, target.chat.broadcast ? 'editMessages' : 'pinMessages');
}

/** Spec §6: toggles `pinned`, emits `updatePinned(Channel)Messages`, and for a pin posts the service message. */
export function pinMessage(world: World, ctx: RequestContext, caller: UserRecord, req: PinRequest): Updates {
  if (caller.bot && req.pmOneside) messageFail('onesideBot');
  const target = resolveTarget(world, caller, req.peer, true);
  const m = dialogMessage(world, caller, target, req.id);
  if (!m || m.action) messageFail('messageIdInvalid');
  if (!mayPin(caller, target)) messageFail('adminRequired400');
  const pinned = !req.unpin;
  const now = ctx.now();
  const batch = new UpdateBatch(world);
  if (m.box[0] === 'c') {
    m.pinned = pinned;
    world.messages.touch(m);
    const chat = world.chats.get(boxOwner(m.box))!;
    const event = world.updateBoxes.addChannelEvent(chat.id, 1, now, { kind: 'pin', peer: m.peer, ids: [m.id], pinned });
    for (const userId of chat.participants.keys()) {
      const update = renderEvent(world, channelBox(chat.id), event, userId);
      if (update) batch.add(userId, update, [], [chat]);
    }
  } else {
    const copies = req.pmOneside ? [[caller.id, m] as [number, StoredMessage]] : world.messages.copiesOf(m);
    for (const [userId, copy] of copies) {
      copy.pinned = pinned;
      world.messages.touch(copy);
      const event = world.updateBoxes.addAccountEvent(userId, 1, now, { kind: 'pin', peer: copy.peer, ids: [copy.id], pinned });
      const update = renderEvent(world, copy.box, event, userId);
      if (update) batch.add(userId, update, messageUsers(copy), messageChats(copy));
    }
  }
  if (pinned && !req.pmOneside) {
    createMessage(world, batch, {
      text: '',
      action: { _: 'messageActionPinMessage' },
      senderId: caller.id,
      target,
      date: now,
      replyToId: m.id,
      ...(req.silent ? { silent: true } : {}),
    });
  }
  world.changed();
  return batch.deliver(ctx, caller.id);
}
