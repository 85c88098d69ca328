/**
 * MessageIdGenerator computes ids on 32-bit words; this checks it against the plain bigint
 * algorithm (strictly increasing, parity, same-millisecond bursts, clocks moving back).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MessageIdGenerator, msgIdFromTime } from '../../src/mtproto/index.js';

function referenceNext(last: bigint, ms: number, low: bigint): bigint {
  const seconds = Math.floor(ms / 1000);
  const fraction = Math.floor(((ms - seconds * 1000) / 1000) * 2 ** 32);
  let id = (((BigInt(seconds) << 32n) | BigInt(fraction)) & ~3n) | low;
  if (id <= last) {
    const same = (last & ~3n) | low;
    id = same > last ? same : same + 4n;
  }
  return id;
}

test('msgIdFromTime matches the bigint formula', () => {
  for (const ms of [0, 999, 1000, 1_700_000_000_123.5, 1_700_000_000_999.999, -1, -1500, 2 ** 31 * 1000 + 5]) {
    const seconds = Math.floor(ms / 1000);
    const fraction = Math.floor(((ms - seconds * 1000) / 1000) * 2 ** 32);
    assert.equal(msgIdFromTime(ms), (BigInt(seconds) << 32n) | BigInt(fraction), `ms=${ms}`);
  }
});

test('MessageIdGenerator.next equals the bigint algorithm for any clock sequence', () => {
  fc.assert(
    fc.property(
      fc.constantFrom<'client' | 'server'>('client', 'server'),
      fc.array(fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.boolean()), { minLength: 1, maxLength: 200 }),
      (side, steps) => {
        let now = 1_700_000_000_000.25;
        const gen = new MessageIdGenerator({ side, now: () => now });
        let last = 0n;
        for (const [delta, service] of steps) {
          now += delta % 7 === 0 ? 0 : delta / 3; // bursts within one ms, and moves back and forth
          const kind = service ? 'service' : 'response';
          const low = side === 'client' ? 0n : service ? 3n : 1n;
          const expected = referenceNext(last, now, low);
          const id = gen.next(kind);
          assert.equal(id, expected);
          assert.ok(id > last);
          last = id;
        }
      },
    ),
    { numRuns: 200 },
  );
});
