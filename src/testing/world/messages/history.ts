/**
 * The history window of `messages.getHistory` and `messages.search` (spec/messages.md §7.1, §7.5): position
 * from offset_id / offset_date, add_offset, limit, then max_id / min_id applied after slicing, and the page hash.
 */
import type { MessagesFilter, MessagesMessages } from '../../../tl/index.js';
import type { World } from '../world.js';
import { lowerBound } from './store.js';
import type { BoxKey, StoredMessage } from './types.js';
import { messageChats, messageUsers, messageView } from './view.js';
import { chatsView } from '../views/chat.js';
import { usersView } from '../views/user.js';
import type { ChatRecord } from '../types.js';

/** The paging parameters shared by getHistory and search. */
export interface HistoryWindow {
  offsetId: number;
  offsetDate: number;
  addOffset: number;
  limit: number;
  maxId: number;
  minId: number;
  hash: bigint;
}

/** One page: messages newest first, the size of the whole list, the index of the first one in it. */
export interface HistoryPage {
  messages: StoredMessage[];
  count: number;
  offsetIdOffset?: number;
  /** The page hash matched the request's (`messagesNotModified`). */
  notModified: boolean;
  /** The page is the whole list (`messages.messages` rather than a slice). */
  complete: boolean;
}

/** Spec §7.1.6: the hash of a page of ids. */
export function pageHash(ids: readonly number[]): bigint {
  let h = 0n;
  for (const id of ids) {
    h ^= h >> 21n;
    h ^= BigInt.asUintN(64, h << 35n);
    h ^= h >> 4n;
    h = BigInt.asUintN(64, h + BigInt(id));
  }
  return BigInt.asIntN(64, h);
}

/** Cuts the window out of `list` (ids ascending, as the index keeps them). */
export function historyPage(world: World, box: BoxKey, list: readonly number[], w: HistoryWindow): HistoryPage {
  const n = list.length;
  let pos = 0;
  if (w.offsetId > 0) pos = n - lowerBound(list, w.offsetId);
  else if (w.offsetDate > 0) {
    for (let i = n - 1; i >= 0; i--) {
      if ((world.messages.get(box, list[i]!)?.date ?? 0) < w.offsetDate) break;
      pos++;
    }
  }
  const s = world.messageSwitches;
  const limit = w.limit === 0 ? s.pageLimitDefault : Math.max(1, Math.min(s.pageLimitMax, w.limit));
  let start = pos + w.addOffset;
  const end = start + limit;
  if (start < 0) start = 0;
  const messages: StoredMessage[] = [];
  let first: number | undefined;
  for (let i = start; i < end && i < n; i++) {
    const id = list[n - 1 - i]!;
    if (w.maxId > 0 && id >= w.maxId) continue;
    if (w.minId > 0 && id <= w.minId) continue;
    const m = world.messages.get(box, id);
    if (!m) continue;
    first ??= i;
    messages.push(m);
  }
  const notModified = w.hash !== 0n && pageHash(messages.map((m) => m.id)) === w.hash;
  const page: HistoryPage = { messages, count: n, notModified, complete: start === 0 && end >= n };
  if ((w.offsetId > 0 || w.addOffset !== 0) && first !== undefined) page.offsetIdOffset = first;
  return page;
}

/** Spec §7.5: does `m` pass a search filter? (Media kinds as far as the messages area knows them.) */
export function passesFilter(m: StoredMessage, filter: MessagesFilter): boolean {
  switch (filter._) {
    case 'inputMessagesFilterEmpty':
      return true;
    case 'inputMessagesFilterPhotos':
      return m.media?.kind === 'photo';
    case 'inputMessagesFilterDocument':
    case 'inputMessagesFilterVideo':
    case 'inputMessagesFilterGif':
    case 'inputMessagesFilterVoice':
    case 'inputMessagesFilterMusic':
    case 'inputMessagesFilterRoundVoice':
    case 'inputMessagesFilterRoundVideo':
      return m.media?.kind === 'document';
    case 'inputMessagesFilterPhotoVideo':
      return m.media !== undefined;
    case 'inputMessagesFilterUrl':
      return (m.entities ?? []).some((e) => e._ === 'messageEntityUrl' || e._ === 'messageEntityTextUrl');
    case 'inputMessagesFilterPinned':
      return m.pinned === true;
    case 'inputMessagesFilterMyMentions':
      return m.mentioned === true;
    case 'inputMessagesFilterChatPhotos':
      return m.action?._ === 'messageActionChatEditPhoto';
    default:
      return false;
  }
}

/** The `messages.Messages` of a page (`channelMessages` for channels; `messagesNotModified` on a hash match). */
export function messagesResult(world: World, viewerId: number, page: HistoryPage, channel: ChatRecord | undefined): MessagesMessages {
  if (page.notModified) return { _: 'messages.messagesNotModified', count: page.count };
  const users = new Set<number>();
  const chats = new Set<number>();
  for (const m of page.messages) {
    for (const u of messageUsers(m)) users.add(u);
    for (const c of messageChats(m)) chats.add(c);
  }
  const chatRecords = [...chats].flatMap((id) => {
    const c = world.chats.get(id);
    return c ? [c] : [];
  });
  const body = {
    messages: page.messages.map((m) => messageView(world, m, viewerId)),
    topics: [],
    chats: chatsView(chatRecords, viewerId),
    users: usersView(world.users, users, viewerId),
  };
  const offset = page.offsetIdOffset !== undefined ? { offsetIdOffset: page.offsetIdOffset } : {};
  if (channel) return { _: 'messages.channelMessages', pts: world.updateBoxes.channel(channel.id).pts, count: page.count, ...offset, ...body };
  if (page.complete) return { _: 'messages.messages', ...body };
  return { _: 'messages.messagesSlice', count: page.count, ...offset, ...body };
}
