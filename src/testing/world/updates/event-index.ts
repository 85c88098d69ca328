/**
 * An in-memory index of the kept box events (`boxes.ts`): per box, its events in pts order, so a difference
 * finds its first event by binary search and reads the page in sequence instead of looking up one table key
 * per pts. Built from the `boxEvents` rows on first use (after a load), so it never needs persisting.
 */
import type { BoxEvent } from './boxes.js';

/** The events of one box, oldest first, from `head` on (pruned ones are dropped from the front lazily). */
interface BoxList {
  list: BoxEvent[];
  head: number;
}

/** Events per box, ascending pts. */
export class BoxEventIndex {
  private readonly boxes = new Map<string, BoxList>();

  /** Builds the index from `[key, event]` rows (key `<box>:<pts>`), in any order. */
  static fromRows(rows: Iterable<[string, BoxEvent]>): BoxEventIndex {
    const index = new BoxEventIndex();
    for (const [key, e] of rows) index.listOf(key.slice(0, key.lastIndexOf(':'))).list.push(e);
    for (const b of index.boxes.values()) b.list.sort((x, y) => x.pts - y.pts);
    return index;
  }

  private listOf(box: string): BoxList {
    let b = this.boxes.get(box);
    if (!b) {
      b = { list: [], head: 0 };
      this.boxes.set(box, b);
    }
    return b;
  }

  /** Appends the newest event of `box` (its pts is above every kept one). */
  push(box: string, e: BoxEvent): void {
    this.listOf(box).list.push(e);
  }

  /** Forgets the events of `box` with pts ≤ `floor`. */
  prune(box: string, floor: number): void {
    const b = this.boxes.get(box);
    if (!b) return;
    while (b.head < b.list.length && b.list[b.head]!.pts <= floor) b.head++;
    // compact once the dropped front outweighs the kept part: amortised O(1) per event
    if (b.head > 1024 && b.head * 2 > b.list.length) {
      b.list = b.list.slice(b.head);
      b.head = 0;
    }
  }

  /** Events of `box` with `from < pts ≤ to`, oldest first, stopping before the one past `maxUnits` pts units (at least one). */
  after(box: string, from: number, to: number, maxUnits: number): BoxEvent[] {
    const b = this.boxes.get(box);
    const out: BoxEvent[] = [];
    if (!b) return out;
    const { list } = b;
    let lo = b.head;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.pts <= from) lo = mid + 1;
      else hi = mid;
    }
    let units = 0;
    for (let i = lo; i < list.length; i++) {
      const e = list[i]!;
      if (e.pts > to) break;
      if (out.length > 0 && units + e.count > maxUnits) break;
      units += e.count;
      out.push(e);
    }
    return out;
  }
}
