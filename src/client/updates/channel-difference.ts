/**
 * `updates.getChannelDifference` (https://core.telegram.org/method/updates.getChannelDifference) as a loop
 * over pages: a non-final answer is followed at once from its `pts`; `channelDifferenceTooLong` ends the loop
 * with the dialog and latest messages Telegram sent, for the engine to report as a gap.
 *
 * @module
 */
import type { Dialog, InputChannel, Message, UpdatesChannelDifference } from '../../tl/index.js';
import type { Invoker } from '../invoke/types.js';
import { differenceBatch } from './difference.js';
import type { Batch } from './normalize.js';

/** One answer of `updates.getChannelDifference`, ready to apply. */
export type ChannelDifferencePage =
  | { kind: 'empty'; pts: number }
  | { kind: 'page'; batch: Batch; pts: number; final: boolean }
  | { kind: 'tooLong'; pts: number; dialog: Dialog; messages: readonly Message[]; batch: Batch };

const MAX_PAGES = 100_000;

function dialogPts(dialog: Dialog): number | undefined {
  return dialog._ === 'dialog' ? dialog.pts : undefined;
}

function page(channelId: number, d: UpdatesChannelDifference, from: number): ChannelDifferencePage {
  switch (d._) {
    case 'updates.channelDifferenceEmpty':
      return { kind: 'empty', pts: d.pts };
    case 'updates.channelDifferenceTooLong': {
      const batch = differenceBatch([], [], d.users, d.chats, () => ({ _: 'updateChannel', channelId }));
      return { kind: 'tooLong', pts: dialogPts(d.dialog) ?? from, dialog: d.dialog, messages: d.messages, batch };
    }
    case 'updates.channelDifference': {
      const batch = differenceBatch(d.newMessages, d.otherUpdates, d.users, d.chats, (message) => ({ _: 'updateNewChannelMessage', message, pts: 0, ptsCount: 0 }));
      return { kind: 'page', batch, pts: d.pts, final: d.final === true };
    }
  }
}

/**
 * Fetches `channel`'s difference from `pts()` until it is final, handing each page to `apply`
 * (synchronously, before the next request).
 */
export async function fetchChannelDifference(
  invoke: Invoker,
  channel: InputChannel & { channelId: number },
  pts: () => number,
  limit: number,
  apply: (page: ChannelDifferencePage) => void,
): Promise<void> {
  for (let i = 0; i < MAX_PAGES; i++) {
    const from = Math.max(1, pts());
    const d = (await invoke(
      { _: 'updates.getChannelDifference', channel, filter: { _: 'channelMessagesFilterEmpty' }, pts: from, limit },
      {},
    )) as UpdatesChannelDifference;
    const p = page(channel.channelId, d, from);
    apply(p);
    if (p.kind !== 'page' || p.final) return;
  }
}
