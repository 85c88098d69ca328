/**
 * Per-call timeouts on one timer: a min-heap of deadlines and a single clock timer armed for the
 * earliest one, instead of a setTimeout/clearTimeout pair per call. Entries know their heap
 * slot, so a settled call leaves in O(log n) at once (keeping finished calls reachable until
 * their deadline would push them out of the young generation and make GC expensive); entries
 * settled without {@link DeadlineQueue.remove} are skipped when they surface and swept out when
 * they outnumber the live ones.
 * @module
 */
import type { MtprotoClock } from '../clock.js';

/** What the queue needs from an entry. */
export interface Deadline {
  /** Absolute expiry time (clock ms); set by {@link DeadlineQueue.add}. */
  deadline?: number | undefined;
  /** Entries settled elsewhere are dropped without calling `onExpire`. */
  readonly settled: boolean;
  /** Position in the heap while queued (-1 or undefined otherwise). */
  deadlineSlot?: number | undefined;
}

/** Expires entries at their deadline using one timer. */
export class DeadlineQueue<T extends Deadline> {
  private heap: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  /** Heap size after the last sweep: the next sweep waits until the heap doubles. */
  private sweptSize = 0;

  constructor(
    private readonly clock: MtprotoClock,
    private readonly onExpire: (entry: T) => void,
  ) {}

  /** Entries held, settled ones not yet swept included. */
  get size(): number {
    return this.heap.length;
  }

  /** Expires `entry` in `ms` milliseconds unless it has settled by then. */
  add(entry: T, ms: number): void {
    this.addAt(entry, this.clock.now() + ms);
  }

  /** Expires `entry` at absolute clock time `at` (ms) unless it has settled by then. */
  addAt(entry: T, at: number): void {
    entry.deadline = at;
    if (this.heap.length >= 1024 && this.heap.length > 2 * this.sweptSize) this.sweep();
    this.heap.push(entry);
    this.up(this.heap.length - 1);
    if (at < this.timerAt) this.arm(at);
  }

  /** Takes `entry` out of the queue (a no-op when it is not queued). */
  remove(entry: T): void {
    const i = entry.deadlineSlot;
    if (i === undefined || i < 0 || this.heap[i] !== entry) return;
    entry.deadlineSlot = -1;
    const last = this.heap.pop()!;
    if (i < this.heap.length) {
      this.heap[i] = last;
      last.deadlineSlot = i;
      this.down(i);
      this.up(last.deadlineSlot);
    }
    // the timer stays armed for an earlier deadline: firing early finds nothing and re-arms
  }

  /** Drops every entry and the timer. */
  clear(): void {
    for (const e of this.heap) e.deadlineSlot = -1;
    this.heap = [];
    this.sweptSize = 0;
    this.disarm();
  }

  private arm(at: number): void {
    this.disarm();
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, at - this.clock.now()));
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    const due: T[] = [];
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (!top.settled && top.deadline! > now) break;
      this.pop();
      if (!top.settled) due.push(top);
    }
    if (this.heap.length > 0) this.arm(this.heap[0]!.deadline!);
    // callbacks last: they may add entries or settle others
    for (const entry of due) if (!entry.settled) this.onExpire(entry);
  }

  /** Removes settled entries and rebuilds the heap. */
  private sweep(): void {
    this.heap = this.heap.filter((e) => {
      if (e.settled) e.deadlineSlot = -1;
      return !e.settled;
    });
    for (let i = 0; i < this.heap.length; i++) this.heap[i]!.deadlineSlot = i;
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
    this.sweptSize = this.heap.length;
  }

  private pop(): void {
    this.heap[0]!.deadlineSlot = -1;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      last.deadlineSlot = 0;
      this.down(0);
    }
  }

  private up(i: number): void {
    const h = this.heap;
    const item = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.deadline! <= item.deadline!) break;
      h[i] = h[p]!;
      h[i]!.deadlineSlot = i;
      i = p;
    }
    h[i] = item;
    item.deadlineSlot = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const item = h[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && h[c + 1]!.deadline! < h[c]!.deadline!) c++;
      if (h[c]!.deadline! >= item.deadline!) break;
      h[i] = h[c]!;
      h[i]!.deadlineSlot = i;
      i = c;
    }
    h[i] = item;
    item.deadlineSlot = i;
  }
}
