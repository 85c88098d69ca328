/**
 * `iterDialogs(ctx, options)`: the account's chats, pinned first then by last message (spec
 * `messages.md` §7.4). Each page after the first excludes pinned dialogs and continues from the last
 * dialog that has a top message (date, id, peer); dialogs are keyed by peer, so none repeats.
 * @module
 */
import type { Dialog, InputPeer, Message, MessagesDialogs } from '../../tl/index.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { peersIn } from '../peers/extract.js';
import { inputPeerOfRecord, peerKey } from '../peers/records.js';
import type { PeerContext } from '../peers/resolve.js';

/** Options of {@link iterDialogs}. */
export interface DialogsOptions extends InvokeOptions {
  /** Stop after this many dialogs. */
  limit?: number;
  /** 0 main list (default), 1 archive. */
  folderId?: number;
  /** Dialogs per request (1–100, default 100). */
  pageSize?: number;
}

/** One dialog with its top message (when it has one). */
export interface DialogItem {
  dialog: Dialog;
  /** The peer to pass to other helpers. */
  peer: InputPeer;
  topMessage?: Message;
}

/** Iterates over the dialogs of the account. */
export async function* iterDialogs(ctx: PeerContext, options: DialogsOptions = {}): AsyncGenerator<DialogItem> {
  const total = options.limit ?? Infinity;
  const pageSize = Math.max(1, Math.min(100, options.pageSize ?? 100));
  const call = invokeOptionsOf(options);
  const seen = new Set<string>();
  let offset = { date: 0, id: 0, peer: { _: 'inputPeerEmpty' } as InputPeer };
  let first = true;
  while (seen.size < total) {
    const page = (await ctx.invoke(
      {
        _: 'messages.getDialogs',
        ...(first ? {} : { excludePinned: true }),
        ...(options.folderId !== undefined ? { folderId: options.folderId } : {}),
        offsetDate: offset.date,
        offsetId: offset.id,
        offsetPeer: offset.peer,
        limit: Math.min(pageSize, total - seen.size),
        hash: 0n,
      },
      call,
    )) as MessagesDialogs;
    first = false;
    if (page._ === 'messages.dialogsNotModified' || page.dialogs.length === 0) return;
    const records = new Map(peersIn(page).map((r) => [`${r.type}:${r.id}`, r]));
    const messages = new Map(page.messages.map((m) => [`${m.peerId ? keyOf(m.peerId) : ''}#${m.id}`, m]));
    let next: typeof offset | undefined;
    for (const dialog of page.dialogs) {
      if (!('peer' in dialog)) continue;
      const key = keyOf(dialog.peer);
      const record = records.get(key);
      const peer = record ? inputPeerOfRecord(record, () => undefined) : undefined;
      const topMessage = dialog._ === 'dialog' ? messages.get(`${key}#${dialog.topMessage}`) : undefined;
      if (peer && topMessage && topMessage._ !== 'messageEmpty') next = { date: topMessage.date, id: topMessage.id, peer };
      if (seen.has(key) || !peer) continue;
      seen.add(key);
      yield { dialog, peer, ...(topMessage ? { topMessage } : {}) };
      if (seen.size >= total) return;
    }
    if (page._ === 'messages.dialogs' || !next || (next.date === offset.date && next.id === offset.id)) return;
    offset = next;
  }
}

function keyOf(peer: Parameters<typeof peerKey>[0]): string {
  const k = peerKey(peer);
  return `${k.type}:${k.id}`;
}
