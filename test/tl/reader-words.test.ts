/**
 * The Reader's aligned 32-bit fast path (an Int32Array view for reader windows of 512+ bytes
 * over 4-aligned buffers) must read exactly what the byte path reads, on aligned and unaligned bases,
 * from odd start offsets and in bounded sub-readers, and must keep every bounds check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Reader } from '../../src/tl/runtime/reader.js';
import { TlError } from '../../src/tl/errors.js';

const SEED = 20250301;

/** `len` bytes starting at byte offset `shift` of a fresh ArrayBuffer (shift 0 = 4-aligned). */
function placed(bytes: Uint8Array, shift: number): Uint8Array {
  const out = new Uint8Array(new ArrayBuffer(bytes.length + shift), shift, bytes.length);
  out.set(bytes);
  return out;
}

type Op = 'int' | 'long' | 'double' | 'longNumber';

/** What each read must return, computed with a DataView (independent of the Reader). */
function expectedRead(dv: DataView, p: number, op: Op): number | bigint | 'error' {
  switch (op) {
    case 'int':
      return dv.getInt32(p, true);
    case 'long':
      return dv.getBigInt64(p, true);
    case 'double':
      return dv.getFloat64(p, true);
    case 'longNumber': {
      const hi = dv.getInt32(p + 4, true);
      if (hi > 0x1fffff || hi < -0x200000) return 'error';
      return hi * 4294967296 + dv.getUint32(p, true);
    }
  }
}

test('aligned fast path reads the same values as DataView, on any base alignment and start offset', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 520, maxLength: 1500 }), // windows of 512+ bytes after a start offset ≤ 7
      fc.integer({ min: 0, max: 7 }),
      fc.integer({ min: 0, max: 7 }),
      fc.array(fc.constantFrom<Op>('int', 'long', 'double', 'longNumber'), { minLength: 1, maxLength: 200 }),
      (bytes, shift, start, ops) => {
        const buf = placed(bytes, shift);
        const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
        const r = new Reader(buf, start);
        for (const op of ops) {
          const p = r.pos;
          const need = op === 'int' ? 4 : 8;
          if (p + need > buf.length) {
            assert.throws(() => r[op](), TlError);
            assert.equal(r.pos, p, 'a failed read must not move the position');
            return;
          }
          const want = expectedRead(dv, p, op);
          if (want === 'error') {
            assert.throws(() => r.longNumber(), TlError);
            assert.equal(r.pos, p);
            return;
          }
          const got = r[op]();
          if (typeof want === 'number' && Number.isNaN(want)) assert.ok(Number.isNaN(got as number));
          else assert.equal(got, want, `${op} at ${p} (base shift ${shift})`);
          assert.equal(r.pos, p + need);
        }
      },
    ),
    { seed: SEED, numRuns: 300 },
  );
});

test('aligned fast path still stops at the reader limit, not at the end of the buffer', () => {
  const buf = new Uint8Array(1024).fill(0x11);
  // A window ending 2 bytes into a word: the word is in the Int32Array view but not readable.
  const r = new Reader(buf, 0, 514);
  r.pos = 512;
  assert.throws(() => r.int(), (e: unknown) => e instanceof TlError && /truncated/.test(e.message));
  assert.equal(r.pos, 512);
  assert.throws(() => r.long(), TlError);
  assert.throws(() => r.longNumber(), TlError);
  assert.throws(() => r.double(), TlError);
  const r2 = new Reader(buf, 0, 516);
  r2.pos = 512;
  assert.equal(r2.int(), 0x11111111);
  assert.throws(() => r2.int(), TlError);
});

test('sub-readers over a large aligned buffer read correctly, small windows on the byte path, large on the view', () => {
  const buf = new Uint8Array(2048);
  const dv = new DataView(buf.buffer);
  for (let i = 0; i < 512; i++) dv.setInt32(i * 4, i * 2654435761, true);
  const large = new Reader(buf, 400, 1200);
  large.pos = 1192;
  assert.equal(large.int(), dv.getInt32(1192, true));
  assert.equal(large.int(), dv.getInt32(1196, true));
  assert.throws(() => large.int(), TlError);
  const sub = new Reader(buf, 400, 408);
  assert.equal(sub.int(), dv.getInt32(400, true));
  assert.equal(sub.int(), dv.getInt32(404, true));
  assert.throws(() => sub.int(), TlError);
  const odd = new Reader(buf, 401, 413);
  assert.equal(odd.int(), dv.getInt32(401, true));
  assert.equal(odd.long(), dv.getBigInt64(405, true));
  assert.throws(() => odd.int(), TlError);
});

test('longNumber rejects ids outside the safe-integer range on the aligned path', () => {
  const buf = new Uint8Array(1024);
  const dv = new DataView(buf.buffer);
  dv.setBigInt64(512, 1n << 60n, true);
  dv.setBigInt64(520, -(1n << 53n), true);
  dv.setBigInt64(528, (1n << 53n) - 1n, true);
  dv.setBigInt64(536, -(1n << 53n) + 1n, true);
  const r = new Reader(buf);
  r.pos = 512;
  assert.throws(() => r.longNumber(), (e: unknown) => e instanceof TlError && e.message.includes('safe integer'));
  r.pos = 520;
  assert.equal(r.longNumber(), -(2 ** 53));
  assert.equal(r.longNumber(), 2 ** 53 - 1);
  assert.equal(r.longNumber(), -(2 ** 53) + 1);
});
