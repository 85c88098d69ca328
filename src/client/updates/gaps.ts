/**
 * Gaps waiting to be filled: a box holding an update that starts ahead of it waits `holdMs` for the
 * missing ones, then asks its difference (a channel at once when half a difference page is held behind
 * its gap); containers ahead of `seq` wait the same way for the common
 * difference; a failed difference retries after a backoff. Deadlines are fields of the boxes read by
 * {@link GapHolds.due} on the engine's one timer ({@link Wakeup}): no timer per box.
 *
 * @module
 */
import type { PtsBox } from './box.js';
import type { BoxedUpdate, BoxSet } from './box-set.js';
import type { Batch } from './normalize.js';
import type { EngineClock, Wakeup } from './wakeup.js';

/** What the holds work with. */
export interface GapHoldsDeps {
  boxes: BoxSet;
  clock: EngineClock;
  wakeup: Wakeup;
  holdMs: number;
  /** Asks `updates.getDifference` (common pts, qts and seq). */
  requestCommonDiff: () => void;
  /** Queues `updates.getChannelDifference` for a channel. */
  requestChannelDiff: (channelId: number) => void;
  /** `limit` of `updates.getChannelDifference`. */
  channelLimit: () => number;
}

const backoff = (failures: number): number => Math.min(60_000, 500 * 2 ** Math.min(failures, 7));

/** Held gaps, held seq containers and retry deadlines. */
export class GapHolds {
  /** Boxes with a deadline (a held gap, or a retry after a failed difference). */
  private readonly holding = new Set<PtsBox<BoxedUpdate>>();
  private seqHeld: Batch[] = [];
  private seqHoldUntil = 0;

  constructor(private readonly deps: GapHoldsDeps) {}

  /** `box` just held an update: start its wait, or ask its difference now when it overflowed. */
  held(box: PtsBox<BoxedUpdate>): void {
    if (box.diffing) return;
    if (box.again) {
      box.again = false;
      this.requestDiff(box);
      return;
    }
    if (typeof box.key === 'number' && box.held * 2 >= this.deps.channelLimit()) {
      // half a page already waits behind the gap: reordering will not fill it, and waiting longer
      // lets it outgrow one page, which Telegram answers with channelDifferenceTooLong (history lost)
      if (box.holdUntil !== 0) this.holding.delete(box);
      box.holdUntil = 0;
      this.requestDiff(box);
      return;
    }
    if (box.holdUntil === 0) {
      box.holdUntil = this.deps.clock.now() + this.deps.holdMs;
      this.holding.add(box);
      this.deps.wakeup.request(box.holdUntil);
    }
  }

  /** A container whose `seq` is ahead (or came during the common difference) waits. */
  holdSeq(b: Batch): void {
    this.seqHeld.push(b);
    if (this.seqHoldUntil === 0 && !this.deps.boxes.common.diffing) {
      this.seqHoldUntil = this.deps.clock.now() + this.deps.holdMs;
      this.deps.wakeup.request(this.seqHoldUntil);
    }
  }

  /** The held seq containers in seq order, forgotten here (the common difference re-offers them). */
  takeSeqHeld(): Batch[] {
    const held = this.seqHeld.sort((a, b) => a.seqStart - b.seqStart);
    this.seqHeld = [];
    this.seqHoldUntil = 0;
    return held;
  }

  /** The common difference started: it answers for the held seq containers, no deadline of their own. */
  cancelSeqWait(): void {
    this.seqHoldUntil = 0;
  }

  /** A difference of `box` failed: try again after a backoff growing with its failures. */
  retryLater(box: PtsBox<BoxedUpdate>): void {
    box.failures++;
    box.holdUntil = this.deps.clock.now() + backoff(box.failures);
    this.holding.add(box);
    this.deps.wakeup.request(box.holdUntil);
  }

  /** Forgets `box` (its channel is gone). */
  forget(box: PtsBox<BoxedUpdate>): void {
    this.holding.delete(box);
  }

  /** Asks the difference that fills `box`'s gap (a channel already diffing runs once more after). */
  requestDiff(box: PtsBox<BoxedUpdate>): void {
    if (box.key === 'common' || box.key === 'qts') this.deps.requestCommonDiff();
    else if (box.diffing) box.again = true;
    else this.deps.requestChannelDiff(box.key);
  }

  /** The timer fired: asks the differences whose wait is over, re-arms for the others. */
  due(now: number): void {
    for (const box of this.holding) {
      if (box.holdUntil === 0) this.holding.delete(box);
      else if (box.holdUntil <= now) {
        this.holding.delete(box);
        box.holdUntil = 0;
        this.requestDiff(box);
      } else this.deps.wakeup.request(box.holdUntil);
    }
    if (this.seqHoldUntil !== 0) {
      if (this.seqHoldUntil <= now) {
        this.seqHoldUntil = 0;
        this.deps.requestCommonDiff();
      } else this.deps.wakeup.request(this.seqHoldUntil);
    }
  }

  /** Something is held or waiting for a deadline. */
  get busy(): boolean {
    if (this.seqHeld.length > 0) return true;
    for (const box of this.holding) if (box.held > 0 || box.holdUntil !== 0) return true;
    return false;
  }
}
