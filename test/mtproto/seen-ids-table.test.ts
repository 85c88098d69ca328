/**
 * The typed-array replay window against a plain reference model (a Set of the largest ids and
 * the largest id dropped): same answers for every sequence, bounded memory, exact 64-bit compares.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SeenMessageIds } from '../../src/mtproto/index.js';

class ReferenceSeen {
  private readonly set = new Set<bigint>();
  private letGo = -(2n ** 63n);
  constructor(private readonly capacity: number) {}
  has(id: bigint): boolean {
    return this.set.has(id) || id <= this.letGo;
  }
  /** Keeps the `capacity` largest ids; the largest one dropped bounds what counts as seen. */
  add(id: bigint): void {
    if (this.set.has(id) || id <= this.letGo) return;
    if (this.set.size >= this.capacity) {
      let min = id;
      for (const x of this.set) if (x < min) min = x;
      this.letGo = min;
      if (min === id) return;
      this.set.delete(min);
    }
    this.set.add(id);
  }
}

const toLong = (hi: number, lo: number): bigint => BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));

test('SeenMessageIds answers exactly like the reference model (random ids, evictions, duplicates)', () => {
  fc.assert(
    fc.property(
      // small windows, and windows above the initial ring size (64) so growth is exercised
      fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 65, max: 200 })),
      // few distinct high/low words so duplicates, equal high words and hash collisions are common
      fc.array(fc.tuple(fc.boolean(), fc.constantFrom(0, 1, -1, 0x7fffffff, -0x80000000, 1_700_000_000), fc.integer({ min: 0, max: 64 }).map((x) => (x * 0x0100_0001) >>> 0)), { maxLength: 700 }),
      (capacity, ops) => {
        const seen = new SeenMessageIds(capacity);
        const ref = new ReferenceSeen(capacity);
        for (const [isAdd, hi, lo] of ops) {
          const id = toLong(hi, lo);
          if (isAdd) {
            seen.add(id);
            ref.add(id);
          } else {
            assert.equal(seen.has(id), ref.has(id), `has(${id})`);
          }
          assert.ok(seen.size <= capacity);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('SeenMessageIds: duplicates rejected, window bounded, neighbours in 64 bits kept apart', () => {
  const seen = new SeenMessageIds(1000);
  const base = 1_700_000_000n << 32n;
  for (let i = 0n; i < 5000n; i++) seen.add(base + i * 4n);
  assert.equal(seen.size, 1000);
  for (let i = 4000n; i < 5000n; i++) assert.ok(seen.has(base + i * 4n), 'recent ids are remembered');
  assert.ok(seen.has(base + 3998n * 4n + 1n), 'ids below the largest evicted one are refused');
  assert.ok(!seen.has(base + 4999n * 4n + 4n), 'a new id above the window is not seen');
  assert.ok(!seen.has(base + 4999n * 4n + (1n << 32n)), 'differs only in the high word');
  // two ids equal in the low word but not the high word are distinct
  const other = new SeenMessageIds(8);
  other.add((5n << 32n) | 12n);
  assert.ok(!other.has((6n << 32n) | 12n));
  assert.ok(other.has((5n << 32n) | 12n));
  // negative ids (as signed TL longs) compare as signed
  other.add(-8n);
  assert.ok(other.has(-8n));
  assert.ok(!other.has(-4n));
});
