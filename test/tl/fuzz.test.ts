/** Seeded, bounded fuzzing: random and mutated inputs only ever throw TlError. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Reader, TlError, decode, decodeE2e, readResult } from '../../src/tl/index.js';
import { fromHex } from './helpers.js';

const fixtures = [
  fromHex(readFileSync('test/fixtures/chatInviteExported.hex', 'utf8')),
  fromHex(readFileSync('test/fixtures/messages_messages_100.hex', 'utf8')),
];

function onlyTlError(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof TlError)) throw new Error(`non-TlError thrown: ${String(e)}`, { cause: e });
    assert.ok(e.offset >= -1 && typeof e.expected === 'string' && e.expected.length > 0);
  }
}

test('random byte strings', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 256 }), (u8) => {
      onlyTlError(() => decode(u8));
      onlyTlError(() => decodeE2e(u8));
      onlyTlError(() => readResult('messages.getHistory', new Reader(u8)));
    }),
    { seed: 42, numRuns: 3000 },
  );
});

test('random bytes behind a valid constructor id', () => {
  const ids = [0xa22cbd96, 0x8c718e87, 0x1cb5c415, 0x3072cfa1, 0xf35c6d01, 0x73f1f8dc, 0x20212ca8];
  fc.assert(
    fc.property(fc.constantFrom(...ids), fc.uint8Array({ maxLength: 200 }), (id, tail) => {
      const u8 = new Uint8Array(4 + tail.length);
      new DataView(u8.buffer).setUint32(0, id, true);
      u8.set(tail, 4);
      onlyTlError(() => decode(u8));
    }),
    { seed: 7, numRuns: 3000 },
  );
});

test('mutated fixtures (bit flips, truncation, splices)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(0, 1),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      fc.option(fc.nat()),
      (which, edits, cut) => {
        const u8 = fixtures[which].slice();
        for (const [pos, val] of edits) u8[pos % u8.length] = val;
        const input = cut === null ? u8 : u8.subarray(0, cut % (u8.length + 1));
        onlyTlError(() => decode(input));
      },
    ),
    { seed: 1234, numRuns: 400 },
  );
});
