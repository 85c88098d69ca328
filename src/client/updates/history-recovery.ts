/**
 * What `updates.channelDifferenceTooLong` skipped, recovered from the channel's history: Telegram no
 * longer lists those updates, but the history still holds the new messages among them. Pages
 * `messages.getHistory` (https://core.telegram.org/method/messages.getHistory) down from the newest
 * message to the last one this engine delivered (`min_id`), up to a cap. Edits, deletions and other
 * updates of the stretch cannot be recovered this way; the engine still reports the stretch as a gap.
 *
 * @module
 */
import type { Chat, InputPeer, Message, MessagesMessages, User } from '../../tl/index.js';
import type { Invoker } from '../invoke/types.js';

/** New messages of a skipped stretch, oldest first, with the users and chats they name. */
export interface RecoveredHistory {
  messages: Array<Exclude<Message, { _: 'messageEmpty' }>>;
  users: User[];
  chats: Chat[];
  /** Every message after `afterId` was fetched (false: the cap stopped the paging first). */
  complete: boolean;
}

/** Telegram's largest `limit` for `messages.getHistory`. */
const PAGE = 100;

/** The messages of `peer` newer than `afterId`, at most `maxMessages` of the newest, oldest first. */
export async function recoverChannelHistory(invoke: Invoker, peer: InputPeer, afterId: number, maxMessages: number): Promise<RecoveredHistory> {
  const found: RecoveredHistory['messages'] = [];
  const users: User[] = [];
  const chats: Chat[] = [];
  let offsetId = 0;
  let complete = false;
  while (found.length < maxMessages) {
    const limit = Math.min(PAGE, maxMessages - found.length);
    const r = (await invoke({ _: 'messages.getHistory', peer, offsetId, offsetDate: 0, addOffset: 0, limit, maxId: 0, minId: afterId, hash: 0n }, {})) as MessagesMessages;
    if (r._ === 'messages.messagesNotModified') {
      complete = true;
      break;
    }
    users.push(...r.users);
    chats.push(...r.chats);
    let lowest = offsetId;
    let added = 0;
    for (const m of r.messages) {
      if (m._ === 'messageEmpty' || m.id <= afterId || (offsetId !== 0 && m.id >= offsetId)) continue;
      found.push(m);
      added++;
      if (lowest === 0 || m.id < lowest) lowest = m.id;
    }
    // a short page, or nothing new below the last one, is the end of the stretch
    if (added === 0 || r.messages.length < limit || lowest <= afterId + 1) {
      complete = true;
      break;
    }
    offsetId = lowest;
  }
  found.sort((a, b) => a.id - b.id);
  return { messages: found, users, chats, complete };
}
