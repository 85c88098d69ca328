/**
 * `updates.getDifference` (https://core.telegram.org/method/updates.getDifference) as a loop over pages:
 * each answer becomes a {@link DifferencePage} the engine applies before the next request is sent, so
 * slices (`differenceSlice`) continue from their intermediate state and a `differenceTooLong` moves the
 * common box before the remaining qts/seq part is asked.
 *
 * @module
 */
import type { CommonUpdatesState } from '../../storage/types.js';
import type { Message, Update, UpdatesDifference } from '../../tl/index.js';
import type { Invoker } from '../invoke/types.js';
import type { Batch } from './normalize.js';

/** One answer of `updates.getDifference`, ready to apply. */
export type DifferencePage =
  | { kind: 'empty'; date: number; seq: number }
  | { kind: 'page'; batch: Batch; state: CommonUpdatesState; final: boolean }
  | { kind: 'tooLong'; pts: number };

/** Pages a single catch-up may take before the engine yields to the rest (a server that never ends). */
const MAX_PAGES = 100_000;

/** The new messages and other updates of a difference as one batch (new messages first, as Telegram lists them). */
export function differenceBatch(newMessages: readonly Message[], otherUpdates: readonly Update[], users: Batch['users'], chats: Batch['chats'], wrap: (m: Message) => Update): Batch {
  const updates: Update[] = [];
  for (const m of newMessages) if (m._ !== 'messageEmpty') updates.push(wrap(m));
  for (const u of otherUpdates) updates.push(u);
  return { updates, users, chats, date: 0, seqStart: 0, seq: 0 };
}

function page(d: UpdatesDifference): DifferencePage {
  switch (d._) {
    case 'updates.differenceEmpty':
      return { kind: 'empty', date: d.date, seq: d.seq };
    case 'updates.differenceTooLong':
      return { kind: 'tooLong', pts: d.pts };
    case 'updates.difference':
    case 'updates.differenceSlice': {
      const s = d._ === 'updates.difference' ? d.state : d.intermediateState;
      const batch = differenceBatch(d.newMessages, d.otherUpdates, d.users, d.chats, (message) => ({ _: 'updateNewMessage', message, pts: 0, ptsCount: 0 }));
      return { kind: 'page', batch, state: { pts: s.pts, qts: s.qts, date: s.date, seq: s.seq }, final: d._ === 'updates.difference' };
    }
  }
}

/**
 * Fetches the common difference from `state()` until Telegram says it is complete, handing each page to
 * `apply` (synchronously, before the next request).
 */
export async function fetchDifference(invoke: Invoker, state: () => CommonUpdatesState, apply: (page: DifferencePage) => void, signal?: AbortSignal): Promise<void> {
  for (let i = 0; i < MAX_PAGES; i++) {
    const s = state();
    const d = (await invoke(
      { _: 'updates.getDifference', pts: Math.max(1, s.pts), date: Math.max(1, s.date), qts: Math.max(0, s.qts) },
      signal ? { signal } : {},
    )) as UpdatesDifference;
    const p = page(d);
    apply(p);
    if (p.kind === 'empty' || (p.kind === 'page' && p.final)) return;
  }
}
