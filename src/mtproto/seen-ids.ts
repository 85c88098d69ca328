/**
 * Bounded replay protection for incoming msg_ids (https://core.telegram.org/mtproto/security_guidelines).
 * @module
 */
import { longHigh, longLow } from './bytes.js';

/** Fibonacci-hashing multiplier (2^32 / golden ratio). */
const GOLDEN = 0x9e3779b1;
/** Ring entries allocated up front; the ring doubles as ids arrive. */
const INITIAL_SIZE = 64;

/**
 * Remembers the last `capacity` msg_ids. Once an id is evicted, every id not above the largest
 * evicted one is reported as seen: we can no longer tell it apart from a replay, so it is refused.
 *
 * Each id is kept as two 32-bit words in a ring (insertion order, for eviction) indexed by an
 * open-addressing hash table, so checking and recording an id allocates nothing, unlike a
 * `Set<bigint>`. Lookups are exact: both words are compared.
 */
export class SeenMessageIds {
  readonly capacity: number;
  /**
   * Ring of remembered ids: high word (signed) and low word (unsigned). Starts small and doubles
   * up to `capacity` (an idle connection should not hold a full window); it only wraps once full.
   */
  private hi: Int32Array;
  private lo: Uint32Array;
  /** Hash table of ring index + 1 (0 = empty), linear probing, load factor at most 1/2. */
  private slots!: Int32Array;
  private shift = 0;
  private mask = 0;
  private head = 0;
  private count = 0;
  /** Largest evicted id (signed compare of high words, then unsigned low words). */
  private evictedHi = -0x80000000;
  private evictedLo = 0;

  constructor(capacity = 2000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    if (capacity > 1 << 24) throw new RangeError(`capacity must be at most ${1 << 24}, got ${capacity}`);
    this.capacity = capacity;
    const initial = Math.min(capacity, INITIAL_SIZE);
    this.hi = new Int32Array(initial);
    this.lo = new Uint32Array(initial);
    this.makeTable(initial);
  }

  /** An empty table for a ring of `size` entries. */
  private makeTable(size: number): void {
    let bits = 2;
    while (1 << bits < size * 2) bits++;
    this.slots = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
  }

  /** Doubles the ring (entries keep their indexes: it has not wrapped yet) and rehashes. */
  private grow(): void {
    const size = Math.min(this.capacity, this.hi.length * 2);
    const hi = new Int32Array(size);
    const lo = new Uint32Array(size);
    hi.set(this.hi);
    lo.set(this.lo);
    this.hi = hi;
    this.lo = lo;
    this.makeTable(size);
    for (let at = 0; at < this.count; at++) this.index(at);
  }

  /** True if `msgId` was seen, or is too old to tell (not above the largest evicted id). */
  has(msgId: bigint): boolean {
    return this.hasWords(longHigh(msgId), longLow(msgId));
  }

  /** {@link has} for an id given as its high (signed) and low (unsigned) 32-bit words. */
  hasWords(high: number, low: number): boolean {
    const h = high | 0;
    const l = low >>> 0;
    if (this.find(h, l) >= 0) return true;
    return h < this.evictedHi || (h === this.evictedHi && l <= this.evictedLo);
  }

  /** Records `msgId` (evicting the oldest one when full). Adding a known id is a no-op. */
  add(msgId: bigint): void {
    this.addWords(longHigh(msgId), longLow(msgId));
  }

  /** {@link add} for an id given as its high (signed) and low (unsigned) 32-bit words. */
  addWords(high: number, low: number): void {
    const h = high | 0;
    const l = low >>> 0;
    if (this.find(h, l) >= 0) return;
    const at = this.head;
    if (this.count === this.capacity) {
      const oldHi = this.hi[at]!;
      const oldLo = this.lo[at]!;
      this.remove(this.find(oldHi, oldLo));
      if (oldHi > this.evictedHi || (oldHi === this.evictedHi && oldLo > this.evictedLo)) {
        this.evictedHi = oldHi;
        this.evictedLo = oldLo;
      }
    } else {
      if (this.count === this.hi.length) this.grow();
      this.count++;
    }
    this.hi[at] = h;
    this.lo[at] = l;
    this.index(at);
    this.head = at + 1 === this.capacity ? 0 : at + 1;
  }

  /** Number of ids currently remembered. */
  get size(): number {
    return this.count;
  }

  /** Forgets everything (new auth key or session). */
  clear(): void {
    this.slots.fill(0);
    this.head = 0;
    this.count = 0;
    this.evictedHi = -0x80000000;
    this.evictedLo = 0;
  }

  private hash(high: number, low: number): number {
    return Math.imul(low ^ Math.imul(high, 0x27d4eb2d), GOLDEN) >>> this.shift;
  }

  /** Puts ring entry `at` into the table (first free slot of its probe run). */
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
