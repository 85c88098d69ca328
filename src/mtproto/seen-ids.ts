/**
 * Bounded replay protection for incoming msg_ids (https://core.telegram.org/mtproto/security_guidelines).
 * @module
 */
import { longHigh, longLow } from './bytes.js';

/** Fibonacci-hashing multiplier (2^32 / golden ratio). */
const GOLDEN = 0x9e3779b1;
/** Slots allocated up front; they double as ids arrive. */
const INITIAL_SIZE = 64;

/**
 * Remembers the `capacity` largest msg_ids received; any id not above the largest one it had to
 * let go is reported as seen (it can no longer be told apart from a replay, so it is refused).
 *
 * Keeping the largest ids, not the latest, is what the security guidelines' rule needs ("ignore
 * an id lower than all stored ones") and what survives the server's order: a container's msg_id
 * is above those of the messages inside it, and a server that releases a long-held backlog sends
 * thousands of old inner ids after new container ids. Evicting by arrival would drop the first
 * container's id first and with it every inner id still to come.
 *
 * Ids live as two 32-bit words in slots; a binary min-heap of slot numbers finds the smallest to
 * evict, and an open-addressing hash table of slot numbers answers lookups, so checking and
 * recording an id allocates nothing, unlike a `Set<bigint>`. Lookups are exact: both words are
 * compared.
 */
export class SeenMessageIds {
  readonly capacity: number;
  /**
   * Slots of remembered ids: high word (signed) and low word (unsigned). Start small and double
   * up to `capacity` (an idle connection should not hold a full window).
   */
  private hi: Int32Array;
  private lo: Uint32Array;
  /** Min-heap of slot numbers, ordered by id; `heap[0]` holds the smallest id. */
  private heap: Int32Array;
  /** Hash table of slot number + 1 (0 = empty), linear probing, load factor at most 1/2. */
  private slots!: Int32Array;
  private shift = 0;
  private mask = 0;
  private count = 0;
  /** Largest id let go (signed compare of high words, then unsigned low words). */
  private evictedHi = -0x80000000;
  private evictedLo = 0;

  constructor(capacity = 2000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    if (capacity > 1 << 24) throw new RangeError(`capacity must be at most ${1 << 24}, got ${capacity}`);
    this.capacity = capacity;
    const initial = Math.min(capacity, INITIAL_SIZE);
    this.hi = new Int32Array(initial);
    this.lo = new Uint32Array(initial);
    this.heap = new Int32Array(initial);
    this.makeTable(initial);
  }

  /** An empty table for `size` slots. */
  private makeTable(size: number): void {
    let bits = 2;
    while (1 << bits < size * 2) bits++;
    this.slots = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
  }

  /** Doubles the slots and the heap (both keep their contents) and rehashes. */
  private grow(): void {
    const size = Math.min(this.capacity, this.hi.length * 2);
    const hi = new Int32Array(size);
    const lo = new Uint32Array(size);
    const heap = new Int32Array(size);
    hi.set(this.hi);
    lo.set(this.lo);
    heap.set(this.heap);
    this.hi = hi;
    this.lo = lo;
    this.heap = heap;
    this.makeTable(size);
    for (let at = 0; at < this.count; at++) this.index(at);
  }

  /** True if `msgId` was seen, or is too old to tell (not above the largest id let go). */
  has(msgId: bigint): boolean {
    return this.hasWords(longHigh(msgId), longLow(msgId));
  }

  /** {@link has} for an id given as its high (signed) and low (unsigned) 32-bit words. */
  hasWords(high: number, low: number): boolean {
    const h = high | 0;
    const l = low >>> 0;
    if (this.find(h, l) >= 0) return true;
    return !above(h, l, this.evictedHi, this.evictedLo);
  }

  /** Records `msgId`; when full, the smallest remembered id (or this one, if smaller) is let go. Adding a known id is a no-op. */
  add(msgId: bigint): void {
    this.addWords(longHigh(msgId), longLow(msgId));
  }

  /** {@link add} for an id given as its high (signed) and low (unsigned) 32-bit words. */
  addWords(high: number, low: number): void {
    const h = high | 0;
    const l = low >>> 0;
    if (!above(h, l, this.evictedHi, this.evictedLo) || this.find(h, l) >= 0) return;
    if (this.count < this.capacity) {
      if (this.count === this.hi.length) this.grow();
      const at = this.count++;
      this.hi[at] = h;
      this.lo[at] = l;
      this.index(at);
      this.heap[at] = at;
      this.siftUp(at);
      return;
    }
    const top = this.heap[0]!;
    const minHi = this.hi[top]!;
    const minLo = this.lo[top]!;
    if (!above(h, l, minHi, minLo)) {
      // smaller than everything kept: it is the one to let go
      this.evictedHi = h;
      this.evictedLo = l;
      return;
    }
    this.remove(this.find(minHi, minLo));
    this.evictedHi = minHi;
    this.evictedLo = minLo;
    this.hi[top] = h;
    this.lo[top] = l;
    this.index(top);
    this.siftDown(0);
  }

  /** Number of ids currently remembered. */
  get size(): number {
    return this.count;
  }

  /** Forgets everything (new auth key or session). */
  clear(): void {
    this.slots.fill(0);
    this.count = 0;
    this.evictedHi = -0x80000000;
    this.evictedLo = 0;
  }

  private hash(high: number, low: number): number {
    return Math.imul(low ^ Math.imul(high, 0x27d4eb2d), GOLDEN) >>> this.shift;
  }

  /** True if the id in slot `a` is below the one in slot `b`. */
  private less(a: number, b: number): boolean {
    return above(this.hi[b]!, this.lo[b]!, this.hi[a]!, this.lo[a]!);
  }

  /** Moves heap entry `i` up to its place. */
  private siftUp(i: number): void {
    const { heap } = this;
    const slot = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(slot, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = slot;
  }

  /** Moves heap entry `i` down to its place. */
  private siftDown(i: number): void {
    const { heap, count } = this;
    const slot = heap[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= count) break;
      if (child + 1 < count && this.less(heap[child + 1]!, heap[child]!)) child++;
      if (!this.less(heap[child]!, slot)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = slot;
  }

  /** Puts slot `at` into the table (first free slot of its probe run). */
  private index(at: number): void {
    let i = this.hash(this.hi[at]!, this.lo[at]!);
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = at + 1;
  }

  /** Table position holding the id, or -1. */
  private find(high: number, low: number): number {
    const { slots, mask } = this;
    let i = this.hash(high, low);
    for (;;) {
      const s = slots[i]!;
      if (s === 0) return -1;
      if (this.lo[s - 1] === low && this.hi[s - 1] === high) return i;
      i = (i + 1) & mask;
    }
  }

  /** Empties table position `i`, shifting later entries of the probe run back (no tombstones). */
  private remove(i: number): void {
    if (i < 0) return;
    const { slots, mask } = this;
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const s = slots[j]!;
      if (s === 0) break;
      const home = this.hash(this.hi[s - 1]!, this.lo[s - 1]!);
      // the entry at j may move into the hole unless its home lies cyclically in (hole, j]
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!stays) {
        slots[hole] = s;
        hole = j;
      }
    }
    slots[hole] = 0;
  }
}

/** True if id (h, l) is above id (bh, bl): signed high words, then unsigned low words. */
function above(h: number, l: number, bh: number, bl: number): boolean {
  return h > bh || (h === bh && l > bl);
}
