/**
 * Offset paging over a message list (spec `messages.md` §7.1–§7.2), shared by history and search:
 * backward from the newest (next `offset_id` = smallest id seen) or forward from an id (`offset_id` =
 * X+1, `add_offset` = −limit, next = largest + 1). Stops on an empty page, never on a short one;
 * drops `messageEmpty` and ids that do not move on (no repeats); applies `minId`/`maxId` locally.
 * @module
 */
import type { Message, MessagesMessages } from '../../tl/index.js';

/** Paging options of the message iterators. */
export interface MessagePagingOptions {
  /** Stop after this many messages (default: all). */
  limit?: number;
  /** Oldest first (default newest first). */
  reverse?: boolean;
  /** Start after this id: older than it (newest first) or newer than it (with `reverse`). */
  offsetId?: number;
  /** Only messages with id > minId. */
  minId?: number;
  /** Only messages with id < maxId. */
  maxId?: number;
  /** Messages per request (1–100, default 100). */
  pageSize?: number;
}

/** One request of the pager: the window fields of `messages.getHistory` / `messages.search`. */
export interface PageWindow {
  offsetId: number;
  addOffset: number;
  limit: number;
}

/** Pages through `fetch(window)` with the §7.2 rules. */
export async function* pageMessages(fetch: (window: PageWindow) => Promise<MessagesMessages>, options: MessagePagingOptions): AsyncGenerator<Message> {
  const total = options.limit ?? Infinity;
  const pageSize = Math.max(1, Math.min(100, options.pageSize ?? 100));
  const minId = options.minId ?? 0;
  const maxId = options.maxId ?? 0;
  let yielded = 0;
  // backward: exclusive upper bound; forward: exclusive lower bound
  let bound = options.reverse ? Math.max(options.offsetId ?? 0, minId) : Math.min(...[options.offsetId, maxId].filter((x): x is number => x !== undefined && x > 0), Infinity);
  while (yielded < total) {
    const limit = Math.min(pageSize, total - yielded);
    const window: PageWindow = options.reverse
      ? { offsetId: bound + 1, addOffset: -limit, limit }
      : { offsetId: bound === Infinity ? 0 : bound, addOffset: 0, limit };
    const page = await fetch(window);
    if (page._ === 'messages.messagesNotModified') return;
    const ids = page.messages.filter((m) => m._ !== 'messageEmpty');
    if (options.reverse) ids.sort((a, b) => a.id - b.id);
    else ids.sort((a, b) => b.id - a.id);
    let moved = false;
    for (const m of ids) {
      if (options.reverse ? m.id <= bound : m.id >= bound) continue; // not monotone: already seen
      bound = m.id;
      moved = true;
      if (maxId > 0 && m.id >= maxId) {
        if (options.reverse) return;
        continue;
      }
      if (m.id <= minId) {
        if (options.reverse) continue;
        return;
      }
      yield m;
      if (++yielded >= total) return;
    }
    if (!moved || page._ === 'messages.messages') return;
  }
}
