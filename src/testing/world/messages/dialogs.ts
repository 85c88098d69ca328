/** The dialog list of an account (spec/messages.md §7.4) and `dialog` objects. */
import type { Dialog } from '../../../tl/index.js';
import type { UserRecord } from '../types.js';
import type { World } from '../world.js';
import { toPeer } from './peers.js';
import { unreadCount } from './read.js';
import { channelBox, peerKey, peerOfKey, userBox } from './store.js';
import type { BoxKey, PeerRef, StoredMessage } from './types.js';
import { hiddenFromBot } from '../updates/render.js';

/** One dialog with its newest message. */
export interface DialogEntry {
  peer: PeerRef;
  box: BoxKey;
  top: StoredMessage;
}

const KIND_ORDER = { user: 0, chat: 1, channel: 2 } as const;

/** Spec §7.4 order [I]: newest top message first, then peer kind and id descending. */
export function compareDialogs(a: DialogEntry, b: DialogEntry): number {
  return b.top.date - a.top.date || KIND_ORDER[b.peer.kind] - KIND_ORDER[a.peer.kind] || b.peer.id - a.peer.id;
}

/** Newest message of a box's dialog that `viewerId` may see (bots under privacy mode skip hidden ones). */
function visibleTop(world: World, box: BoxKey, peer: PeerRef, viewerId: number, bot: boolean): StoredMessage | undefined {
  const ids = world.messages.ids(box, peer);
  if (!bot) return ids.length === 0 ? undefined : world.messages.get(box, ids[ids.length - 1]!);
  for (let i = ids.length - 1; i >= 0; i--) {
    const m = world.messages.get(box, ids[i]!);
    if (m && !hiddenFromBot(world, m, viewerId)) return m;
  }
  return undefined;
}

/** The dialog of one peer, if it has a message. */
export function dialogEntry(world: World, user: UserRecord, peer: PeerRef): DialogEntry | undefined {
  const box = peer.kind === 'channel' ? channelBox(peer.id) : userBox(user.id);
  const top = visibleTop(world, box, peer, user.id, user.bot);
  return top ? { peer, box, top } : undefined;
}

/** Every dialog of `user`, in {@link compareDialogs} order. */
export function dialogsOf(world: World, user: UserRecord): DialogEntry[] {
  const out: DialogEntry[] = [];
  for (const key of world.messages.userDialogKeys(user.id)) {
    const entry = dialogEntry(world, user, peerOfKey(key));
    if (entry) out.push(entry);
  }
  for (const chat of world.chats.values()) {
    if (chat.kind !== 'channel' || chat.deleted || !chat.participants.has(user.id)) continue;
    const entry = dialogEntry(world, user, { kind: 'channel', id: chat.id });
    if (entry) out.push(entry);
  }
  return out.sort(compareDialogs);
}

/** The `dialog` object of an entry as `viewerId` sees it. */
export function dialogView(world: World, viewerId: number, entry: DialogEntry): Dialog {
  const marks = world.messages.readMarks(viewerId, peerKey(entry.peer));
  return {
    _: 'dialog',
    peer: toPeer(entry.peer),
    topMessage: entry.top.id,
    readInboxMaxId: marks.inbox,
    readOutboxMaxId: marks.outbox,
    unreadCount: unreadCount(world, viewerId, entry.box, entry.peer, marks.inbox),
    unreadMentionsCount: 0,
    unreadReactionsCount: 0,
    unreadPollVotesCount: 0,
    notifySettings: { _: 'peerNotifySettings' },
    ...(entry.peer.kind === 'channel' ? { pts: world.updateBoxes.channel(entry.peer.id).pts } : {}),
  };
}

/** Unread messages over every dialog (`updates.state.unread_count`). */
export function totalUnread(world: World, user: UserRecord): number {
  let n = 0;
  for (const entry of dialogsOf(world, user)) {
    n += unreadCount(world, user.id, entry.box, entry.peer, world.messages.readMarks(user.id, peerKey(entry.peer)).inbox);
  }
  return n;
}
