/**
 * One box's ordering rule (https://core.telegram.org/api/updates): an update moves the box from
 * `pts − count` to `pts`. It is applied when it starts where the box is, ignored when the box is already
 * past it, and held when it starts ahead (a gap) until the missing updates arrive or a difference fills the
 * gap. Pure data: no timers or promises live here (the engine's one scheduler reads `holdUntil`).
 *
 * @module
 */
import type { BoxKey } from './classify.js';

/** An update waiting in a box, with whatever the engine needs to apply it later. */
export interface Pending<T> {
  pts: number;
  count: number;
  item: T;
}

/** What {@link PtsBox.offer} did with an update. */
export type OfferResult = 'applied' | 'duplicate' | 'held';

/** Position and held updates of one box. */
export class PtsBox<T> {
  /** Local position (state after the last applied update); `undefined` until the box is first seen. */
  pts: number | undefined;
  /** Updates that start past `pts`, ordered by their start (`pts − count`); created on first use. */
  pending: Array<Pending<T>> | undefined;
  /** Platform-clock ms after which a held gap is filled by a difference; 0 when nothing is held. */
  holdUntil = 0;
  /** A difference for this box is running: new updates are held, not applied, until it ends. */
  diffing = false;
  /** Another difference must follow the running one (held updates overflowed, or a new trigger came). */
  again = false;
  /** Consecutive failed differences (backoff). */
  failures = 0;
  /**
   * Highest message id delivered in this box, 0 if none known (where a history recovery starts). Restored
   * from the storage on start and saved with the box's pts.
   */
  topMessageId = 0;

  constructor(
    readonly key: BoxKey,
    pts?: number,
    topMessageId = 0,
  ) {
    this.pts = pts;
    this.topMessageId = topMessageId;
  }

  /**
   * Offers one update. `apply` runs for it and for every held update it unblocks, in box order.
   * A box seen for the first time starts right before the update (spec/updates.md §4.2).
   */
  offer(pts: number, count: number, item: T, apply: (item: T, pts: number) => void, maxPending: number): OfferResult {
    if (this.pts === undefined) this.pts = pts - count;
    if (this.diffing) {
      this.hold(pts, count, item, maxPending);
      return 'held';
    }
    const start = pts - count;
    if (start < this.pts || (count === 0 && pts < this.pts)) return 'duplicate';
    if (start > this.pts) {
      this.hold(pts, count, item, maxPending);
      return 'held';
    }
    this.pts = pts;
    apply(item, pts);
    this.drain(apply);
    return 'applied';
  }

  /** Applies held updates that now start at `pts`, drops those already covered. */
  drain(apply: (item: T, pts: number) => void): void {
    const pending = this.pending;
    if (!pending || pending.length === 0 || this.pts === undefined) return;
    let i = 0;
    for (; i < pending.length; i++) {
      const p = pending[i]!;
      const start = p.pts - p.count;
      if (start > this.pts) break;
      if (start < this.pts || (p.count === 0 && p.pts < this.pts)) continue; // covered already
      this.pts = p.pts;
      apply(p.item, p.pts);
    }
    pending.splice(0, i);
    if (pending.length === 0) this.holdUntil = 0;
  }

  /** Moves the box to `pts` (a difference's answer) and drains what that unblocks. */
  moveTo(pts: number, apply: (item: T, pts: number) => void): void {
    this.pts = pts;
    this.drain(apply);
  }

  /** Held updates count. */
  get held(): number {
    return this.pending?.length ?? 0;
  }

  private hold(pts: number, count: number, item: T, maxPending: number): void {
    const pending = (this.pending ??= []);
    if (pending.length >= maxPending) {
      // bounded: forget what is held, the difference that follows brings it back
      pending.length = 0;
      this.again = true;
      return;
    }
    const start = pts - count;
    let i = pending.length;
    while (i > 0 && pending[i - 1]!.pts - pending[i - 1]!.count > start) i--;
    pending.splice(i, 0, { pts, count, item });
  }
}
