/** `messages.getDialogs` and `messages.getPeerDialogs` (spec/messages.md §7.4). */
import type { HandlerRegistry } from '../../context.js';
import type { Dialog, Message } from '../../../tl/index.js';
import { requireUser } from '../access.js';
import { dialogEntry, dialogsOf, dialogView, type DialogEntry } from '../messages/dialogs.js';
import { messageFail } from '../messages/errors.js';
import { pageHash } from '../messages/history.js';
import { resolveTarget, targetPeer } from '../messages/peers.js';
import { messageChats, messageUsers, messageView } from '../messages/view.js';
import { accountState } from '../updates/difference.js';
import { Refs } from '../updates/refs.js';
import type { UserRecord } from '../types.js';
import type { World } from '../world.js';
import type { Result } from './common.js';

function dialogsBody(world: World, user: UserRecord, entries: DialogEntry[]): { dialogs: Dialog[]; messages: Message[]; refs: Refs } {
  const refs = new Refs();
  const messages: Message[] = [];
  const dialogs = entries.map((e) => {
    refs.addUsers(messageUsers(e.top)).addChats(messageChats(e.top));
    if (e.peer.kind === 'user') refs.users.add(e.peer.id);
    else refs.chats.add(e.peer.id);
    messages.push(messageView(world, e.top, user.id));
    return dialogView(world, user.id, e);
  });
  return { dialogs, messages, refs };
}

/** Installs the dialog handlers. */
export function installDialogs(registry: HandlerRegistry, world: World): void {
  registry.handle('messages.getDialogs', (req, ctx): Result<'messages.getDialogs'> => {
    const caller = requireUser(world, ctx);
    if (caller.bot) messageFail('botMethod');
    const folder = req.folderId ?? 0;
    if (folder !== 0 && folder !== 1) messageFail('folderInvalid');
    // Nothing is archived in the simulation: folder 1 is empty.
    const all = folder === 0 ? dialogsOf(world, caller) : [];
    let start = 0;
    if (req.offsetPeer._ !== 'inputPeerEmpty') {
      const key = targetPeer(resolveTarget(world, caller, req.offsetPeer, false), caller.id);
      const at = all.findIndex((d) => d.peer.kind === key.kind && d.peer.id === key.id);
      if (at < 0) messageFail('offsetPeerInvalid');
      start = at + 1;
    } else if (req.offsetDate > 0) {
      const cursor = { date: req.offsetDate, id: req.offsetId };
      start = all.findIndex((d) => d.top.date < cursor.date || (d.top.date === cursor.date && cursor.id > 0 && d.top.id < cursor.id));
      if (start < 0) start = all.length;
    }
    const s = world.messageSwitches;
    const limit = req.limit <= 0 ? s.pageLimitDefault : Math.min(s.pageLimitMax, req.limit);
    const page = all.slice(start, start + limit);
    const hash = pageHash(page.flatMap((d) => [d.peer.id, d.top.id, d.top.date]));
    if (req.hash !== 0n && hash === req.hash) return { _: 'messages.dialogsNotModified', count: all.length };
    const { dialogs, messages, refs } = dialogsBody(world, caller, page);
    const body = { dialogs, messages, ...refs.views(world, caller.id) };
    if (start === 0 && page.length === all.length) return { _: 'messages.dialogs', ...body };
    return { _: 'messages.dialogsSlice', count: all.length, ...body };
  });

  registry.handle('messages.getPeerDialogs', (req, ctx): Result<'messages.getPeerDialogs'> => {
    const caller = requireUser(world, ctx);
    if (req.peers.length === 0) messageFail('inputPeersEmpty');
    const entries: DialogEntry[] = [];
    for (const p of req.peers) {
      if (p._ !== 'inputDialogPeer') continue;
      const entry = dialogEntry(world, caller, targetPeer(resolveTarget(world, caller, p.peer, false), caller.id));
      if (entry) entries.push(entry);
    }
    const { dialogs, messages, refs } = dialogsBody(world, caller, entries);
    return { _: 'messages.peerDialogs', dialogs, messages, ...refs.views(world, caller.id), state: accountState(world, caller, ctx.now()) };
  });
}
