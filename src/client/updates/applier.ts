/**
 * Applying a container (spec/updates.md §4): its users and chats are learned, its `seq` checked (a
 * container ahead of `seq` is held by the {@link GapHolds}), each update offered to its box in `pts` order,
 * and what a box lets through handed to the {@link Dispatcher} — a new message once per box, with the
 * position to commit after it. Updates outside every box are delivered at once, and the few that signal
 * a gap (`updateChannelTooLong`, `updatePtsChanged`) ask for a difference.
 *
 * @module
 */
import type { Update } from '../../tl/index.js';
import type { PtsBox } from './box.js';
import type { BoxedUpdate, BoxSet } from './box-set.js';
import { channelOfMessage, positionOf, type BoxKey } from './classify.js';
import type { Dispatcher, Mark } from './dispatch.js';
import type { GapHolds } from './gaps.js';
import type { Batch } from './normalize.js';
import type { SeenPeers } from './seen.js';
import type { UpdateSource } from './types.js';

/** What the applier works with. */
export interface ApplierDeps {
  boxes: BoxSet;
  seen: SeenPeers;
  dispatcher: Dispatcher;
  gaps: GapHolds;
  /** Held updates per box (`UpdatesOptions.maxPending`). */
  maxPending: number;
  /** Asks `updates.getDifference` (no-op before the engine started or after it closed). */
  requestCommonDiff: () => void;
}

/** Containers in, ordered deliveries out. */
export class UpdateApplier {
  /** Delivers one update a box let through (the callback of `PtsBox.offer` / `drain`). */
  readonly apply = (item: BoxedUpdate, pts: number): void => this.deliver(item.update, item, pts, item.box);

  constructor(private readonly deps: ApplierDeps) {}

  /** Applies one container: users and chats, its seq, then each update against its box. */
  batch(b: Batch, source: UpdateSource): void {
    const { boxes, seen, dispatcher } = this.deps;
    seen.learn(b.users, b.chats);
    let boxless = true;
    if (b.seq !== 0) {
      if (boxes.common.diffing || b.seqStart > boxes.seq + 1) {
        this.deps.gaps.holdSeq(b);
        return;
      }
      if (b.seqStart <= boxes.seq) boxless = false; // its seq-ordered part was applied already
    }
    if (b.moves) for (const m of b.moves) this.offer(m.box, m.pts, m.count, { update: undefined, batch: b, source, box: m.box });
    for (const update of sortedByStart(b.updates)) {
      const pos = positionOf(update);
      if (pos) this.offer(pos.box, pos.pts, pos.count, { update, batch: b, source, box: pos.box });
      else if (boxless) this.boxless(update, b, source);
    }
    if (boxless && b.seq !== 0) {
      boxes.seq = b.seq;
      boxes.date = b.date;
      dispatcher.mark({ box: 'seq', seq: boxes.seq, date: boxes.date });
    }
  }

  /** Offers one update to the box of `key`; a gap it opens is held. */
  offer(key: BoxKey, pts: number, count: number, item: BoxedUpdate): void {
    const box: PtsBox<BoxedUpdate> = this.deps.boxes.get(key);
    if (box.offer(pts, count, item, this.apply, this.deps.maxPending) === 'held') this.deps.gaps.held(box);
  }

  /**
   * Hands an update to the dispatcher (a new message once per box), then commits `pts` after it (a channel's
   * with its top delivered message, which this update may have raised).
   */
  deliver(update: Update | undefined, item: BoxedUpdate, pts: number | undefined, box: BoxKey | undefined): void {
    const { dispatcher, seen } = this.deps;
    if (!update) {
      const mark = this.markOf(box, pts);
      if (mark) dispatcher.mark(mark);
      return;
    }
    if ((update._ === 'updateNewMessage' || update._ === 'updateNewChannelMessage') && update.message._ !== 'messageEmpty') {
      const channelId = channelOfMessage(update.message);
      if (!seen.firstDelivery(channelId ?? 'common', update.message.id)) {
        const mark = this.markOf(box, pts);
        if (mark) dispatcher.mark(mark);
        return;
      }
      const channelBox = channelId === undefined ? undefined : this.deps.boxes.channels.get(channelId);
      if (channelBox && update.message.id > channelBox.topMessageId) channelBox.topMessageId = update.message.id;
    }
    const context = { box, pts, source: item.source, users: item.batch.users, chats: item.batch.chats };
    dispatcher.update(update, context, this.markOf(box, pts));
  }

  /** Starts tracking `channelId` at `pts` (spec/updates.md §6.1) unless it is tracked already. */
  startChannel(channelId: number, pts: number): void {
    if (this.deps.boxes.startChannel(channelId, pts)) this.deps.dispatcher.mark({ box: channelId, pts });
  }

  /** The position to commit after an update at `pts` of `box`, if it has one. */
  private markOf(box: BoxKey | undefined, pts: number | undefined): Mark | undefined {
    if (pts === undefined || box === undefined) return undefined;
    if (typeof box === 'number') return this.deps.boxes.channelMark(box, pts);
    return { box, pts };
  }

  /** `updateChannelTooLong`: the channel's box is behind `pts` (or may be): fill it with a difference. */
  channelTooLong(channelId: number, pts: number | undefined): void {
    const box = this.deps.boxes.channels.get(channelId);
    if (!box || box.pts === undefined) {
      // never tracked: nothing older to fetch, the box starts here
      if (pts !== undefined) this.startChannel(channelId, pts);
      return;
    }
    if (pts === undefined || box.pts < pts) this.deps.gaps.requestDiff(box);
  }

  /** An update outside every box: delivered, and for a few, acted on. */
  private boxless(update: Update, b: Batch, source: UpdateSource): void {
    if (update._ === 'updateChannelTooLong') this.channelTooLong(update.channelId, update.pts);
    else if (update._ === 'updatePtsChanged') this.deps.requestCommonDiff();
    this.deliver(update, { update, batch: b, source, box: 'common' }, undefined, undefined);
  }
}

/** The updates of a container with pts updates ordered by their start (`pts − pts_count`), others in place. */
function sortedByStart(updates: readonly Update[]): readonly Update[] {
  if (updates.length < 2) return updates;
  let prev = -Infinity;
  let sorted = true;
  for (const u of updates) {
    const p = positionOf(u);
    if (!p) continue;
    if (p.pts - p.count < prev) {
      sorted = false;
      break;
    }
    prev = p.pts - p.count;
  }
  if (sorted) return updates;
  return [...updates].sort((a, b) => {
    const pa = positionOf(a);
    const pb = positionOf(b);
    return (pa ? pa.pts - pa.count : -1) - (pb ? pb.pts - pb.count : -1);
  });
}
