/**
 * The `Message` a call produced, taken from the `Updates` it answered with (spec `messages.md` §2–§6):
 * `updateMessageID{id, random_id}` links a send to its `updateNew(Channel)Message`; the short form
 * `updateShortSentMessage` carries only id/date/entities, so the message is completed from the request.
 * @module
 */
import type { Message, RawMessage, Update, Updates } from '../../tl/index.js';
import { MessageResultError } from './errors.js';

type NewMessageUpdate = Extract<Update, { _: 'updateNewMessage' | 'updateNewChannelMessage' | 'updateNewScheduledMessage' }>;
type EditMessageUpdate = Extract<Update, { _: 'updateEditMessage' | 'updateEditChannelMessage' }>;

/** The single updates of any container. */
export function updatesOf(updates: Updates): Update[] {
  if (updates._ === 'updates' || updates._ === 'updatesCombined') return updates.updates;
  if (updates._ === 'updateShort') return [updates.update];
  return [];
}

function newMessages(list: Update[]): Message[] {
  return list
    .filter((u): u is NewMessageUpdate => u._ === 'updateNewMessage' || u._ === 'updateNewChannelMessage' || u._ === 'updateNewScheduledMessage')
    .map((u) => u.message);
}

/** The messages created for `randomIds`, in their order (each through its `updateMessageID`). */
export function messagesForRandomIds(method: string, updates: Updates, randomIds: readonly bigint[]): Message[] {
  const list = updatesOf(updates);
  const idOf = new Map<bigint, number>();
  for (const u of list) if (u._ === 'updateMessageID') idOf.set(u.randomId, u.id);
  const created = newMessages(list);
  const byId = new Map(created.map((m) => [m.id, m]));
  return randomIds.map((rid, i) => {
    const id = idOf.get(rid);
    const message = id === undefined ? (randomIds.length === 1 ? created[0] : created[i]) : byId.get(id);
    if (!message) throw new MessageResultError(method, `no new message for random_id ${rid} in ${updates._}`);
    return message;
  });
}

/** The message a send created: from `updateShortSentMessage` (completed by `template`) or the full `Updates`. */
export function sentMessage(method: string, updates: Updates, randomId: bigint, template: Omit<RawMessage, '_' | 'id' | 'date'>): Message {
  if (updates._ === 'updateShortSentMessage') {
    const message: RawMessage = { _: 'message', ...template, id: updates.id, date: updates.date, out: true };
    if (updates.entities) message.entities = updates.entities;
    if (updates.media) message.media = updates.media;
    if (updates.ttlPeriod) message.ttlPeriod = updates.ttlPeriod;
    return message;
  }
  return messagesForRandomIds(method, updates, [randomId])[0]!;
}

/** The edited message with `id` of an edit's `Updates`. */
export function editedMessage(method: string, updates: Updates, id: number): Message {
  const edit = updatesOf(updates).find((u): u is EditMessageUpdate => (u._ === 'updateEditMessage' || u._ === 'updateEditChannelMessage') && u.message.id === id);
  if (!edit) throw new MessageResultError(method, `no updateEditMessage for message ${id} in ${updates._}`);
  return edit.message;
}

/** Every message a call created (e.g. the service message of a pin), in order. */
export function createdMessages(updates: Updates): Message[] {
  return newMessages(updatesOf(updates));
}
