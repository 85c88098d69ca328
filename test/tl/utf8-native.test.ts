/**
 * The addon's strict UTF-8 decoder (native/src/utf8.c) against TextDecoder in fatal mode, and
 * the `decodeUtf8` / `Reader.string` paths that use it. The native-only tests are skipped when
 * the addon is not built or TGTS_NO_NATIVE is set; the rest run either way.
 *
 * Out-of-range offsets: the native decoder throws (RangeError unless start and end are integers
 * with 0 <= start <= end <= length; TypeError for a non-Uint8Array or a non-number offset);
 * `undefined` only ever means invalid UTF-8.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeUtf8, nativeDecodeUtf8 } from '../../src/tl/runtime/utf8.js';
import { Reader } from '../../src/tl/runtime/reader.js';
import { TlError } from '../../src/tl/errors.js';

const SEED = 20240611;
const nativeDecoder = nativeDecodeUtf8();
const skip = nativeDecoder === undefined ? 'native addon not loaded' : false;
const native = (b: Uint8Array, s: number, e: number): string | undefined => nativeDecoder!(b, s, e);
// ignoreBOM: TL strings keep a leading U+FEFF (so does Node's utf8Slice path).
const reference = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** TextDecoder's verdict: the string, or undefined where it throws. */
function expected(bytes: Uint8Array): string | undefined {
  try {
    return reference.decode(bytes);
  } catch {
    return undefined;
  }
}

/** `bytes` placed at a random offset inside junk, so start/end are exercised. */
const framed = (bytes: Uint8Array, pre: number, post: number): Uint8Array => {
  const b = new Uint8Array(pre + bytes.length + post).fill(0xff);
  b.set(bytes, pre);
  return b;
};

const nonSurrogate = fc.integer({ min: 0x800, max: 0xfffd }).filter((c) => c < 0xd800 || c > 0xdfff);
const codePoint = fc.oneof(
  fc.integer({ min: 0x80, max: 0x7ff }), // 2 bytes (Latin-1 supplement, Cyrillic, ...)
  nonSurrogate, // 3 bytes (CJK, ...)
  fc.integer({ min: 0x4e00, max: 0x9fff }), // CJK
  fc.integer({ min: 0x1f300, max: 0x1faff }), // emoji
  fc.integer({ min: 0x10000, max: 0x10ffff }), // every supplementary plane
  fc.constantFrom(0xfeff, 0xfffd, 0xfffe, 0xffff, 0x10ffff, 0x80, 0xff, 0x100, 0x7ff, 0x800),
);
const asciiRun = fc.array(fc.integer({ min: 0, max: 0x7f }), { minLength: 0, maxLength: 40 }).map((a) => String.fromCharCode(...a));
/** ASCII runs of every length 0..40 around non-ASCII characters (8-byte fast path boundaries). */
const mixedText = fc
  .array(fc.tuple(asciiRun, fc.array(codePoint, { minLength: 0, maxLength: 4 })), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.map(([a, cps]) => a + String.fromCodePoint(...cps)).join(''));

test('native: equals TextDecoder on valid text of all planes', { skip }, () => {
  fc.assert(
    fc.property(mixedText, fc.nat(9), fc.nat(9), (s, pre, post) => {
      const bytes = encoder.encode(s);
      const b = framed(bytes, pre, post);
      assert.equal(native(b, pre, pre + bytes.length), s);
    }),
    { seed: SEED, numRuns: 3000 },
  );
});

test('native: pure ASCII of every length 0..100 at every alignment', { skip }, () => {
  for (let n = 0; n <= 100; n++) {
    for (let pre = 0; pre < 8; pre++) {
      const s = Array.from({ length: n }, (_, i) => String.fromCharCode(32 + ((i * 7 + n) % 95))).join('');
      const b = framed(encoder.encode(s), pre, 3);
      assert.equal(native(b, pre, pre + n), s);
    }
  }
});

test('native: long strings (heap buffer path) decode and reject alike', { skip }, () => {
  const s = 'Привет, мир! 😀 '.repeat(500) + 'é'.repeat(3000);
  const bytes = encoder.encode(s);
  assert.equal(native(bytes, 0, bytes.length), s);
  const latin = 'Café crème brûlée '.repeat(200);
  const lb = encoder.encode(latin);
  assert.equal(native(lb, 0, lb.length), latin);
  const bad = bytes.slice();
  bad[bad.length - 1] = 0xc3; // dangling lead byte at the very end
  assert.equal(native(bad, 0, bad.length), undefined);
});

test('native: undefined exactly where TextDecoder throws, on random bytes', { skip }, () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }), (bytes) => {
      assert.equal(native(bytes, 0, bytes.length), expected(bytes));
    }),
    { seed: SEED, numRuns: 5000 },
  );
});

// Sequences TextDecoder must reject, each spliced into ASCII runs or valid text.
const INVALID: readonly number[][] = [
  [0x80], // continuation byte alone
  [0xbf],
  [0xc0, 0x80], // overlong NUL
  [0xc1, 0xbf], // overlong 2-byte
  [0xe0, 0x80, 0x80], // overlong 3-byte
  [0xe0, 0x9f, 0xbf],
  [0xed, 0xa0, 0x80], // U+D800 (lone high surrogate)
  [0xed, 0xbf, 0xbf], // U+DFFF
  [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], // surrogate pair encoded as CESU-8
  [0xf0, 0x80, 0x80, 0x80], // overlong 4-byte
  [0xf0, 0x8f, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80], // U+110000
  [0xf5, 0x80, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xff],
  [0xfe],
  [0xc3], // truncated 2-byte
  [0xe2, 0x82], // truncated 3-byte
  [0xf0, 0x9f, 0x98], // truncated 4-byte
  [0xe2, 0x28, 0xa1], // bad continuation
  [0xf0, 0x9f, 0x28, 0x80],
];

test('native: rejects overlongs, surrogates, > U+10FFFF, truncations, stray continuations', { skip }, () => {
  fc.assert(
    fc.property(mixedText, fc.constantFrom(...INVALID), mixedText, fc.boolean(), (a, bad, b, atEnd) => {
      const head = encoder.encode(a);
      const tail = atEnd ? new Uint8Array(0) : encoder.encode(b);
      const bytes = new Uint8Array([...head, ...bad, ...tail]);
      assert.equal(expected(bytes), undefined, 'the reference rejects the sample');
      assert.equal(native(framed(bytes, 3, 5), 3, 3 + bytes.length), undefined);
    }),
    { seed: SEED, numRuns: 3000 },
  );
});

test('native: agrees with TextDecoder on mutated valid text', { skip }, () => {
  fc.assert(
    fc.property(mixedText, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.nat(), (s, edits, cut) => {
      const bytes = encoder.encode(s);
      for (const [at, v] of edits) if (bytes.length > 0) bytes[at % bytes.length] = v;
      const end = bytes.length - (bytes.length > 0 ? cut % Math.min(4, bytes.length) : 0);
      const part = bytes.subarray(0, end);
      assert.equal(native(bytes, 0, end), expected(part));
    }),
    { seed: SEED, numRuns: 5000 },
  );
});

test('native: every 2-byte sequence and every 3/4-byte boundary lead agrees with TextDecoder', { skip }, () => {
  const b = new Uint8Array(4);
  for (let x = 0; x < 256; x++) {
    for (let y = 0; y < 256; y++) {
      b[0] = x;
      b[1] = y;
      assert.equal(native(b, 0, 2), expected(b.subarray(0, 2)), `${x.toString(16)} ${y.toString(16)}`);
    }
  }
  for (const lead of [0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5]) {
    for (let y = 0; y < 256; y++) {
      for (const z of [0x00, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xff]) {
        b[0] = lead;
        b[1] = y;
        b[2] = z;
        b[3] = 0x80;
        const n = lead >= 0xf0 ? 4 : 3;
        assert.equal(native(b, 0, n), expected(b.subarray(0, n)), `${lead.toString(16)} ${y.toString(16)} ${z.toString(16)}`);
      }
    }
  }
});

test('native: out-of-range or ill-typed arguments throw, never read outside the array', { skip }, () => {
  const b = encoder.encode('hello world, this is long enough');
  const view = new Uint8Array(b.buffer, 4, 8);
  assert.throws(() => native(b, -1, 3), RangeError);
  assert.throws(() => native(b, 0, b.length + 1), RangeError);
  assert.throws(() => native(b, 5, 4), RangeError);
  assert.throws(() => native(view, 0, 9), RangeError, 'bounded by the view, not its ArrayBuffer');
  assert.equal(native(view, 0, 8), 'o world,');
  assert.throws(() => native(b, Number.NaN, 3), RangeError);
  assert.throws(() => native(b, 0, Number.POSITIVE_INFINITY), RangeError);
  assert.throws(() => native(b, 0.5, 3), RangeError);
  assert.throws(() => native(b, 0, 2 ** 53), RangeError);
  assert.equal(native(b, b.length, b.length), '');
});

test('native: non-Uint8Array or non-number arguments throw TypeError', { skip }, () => {
  const call = nativeDecoder as unknown as (...a: unknown[]) => unknown;
  assert.throws(() => call(new Uint16Array(4), 0, 2), TypeError);
  assert.throws(() => call([104, 105], 0, 2), TypeError);
  assert.throws(() => call(new Uint8Array(4), '0', 2), TypeError);
  assert.throws(() => call(new Uint8Array(4), 0), TypeError);
});

test('decodeUtf8 (native or fallback) matches TextDecoder and throws on invalid input', () => {
  fc.assert(
    fc.property(mixedText, (s) => {
      const bytes = encoder.encode(s);
      assert.equal(decodeUtf8(bytes, 0, bytes.length), s);
    }),
    { seed: SEED, numRuns: 1000 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 48 }), (bytes) => {
      const want = expected(bytes);
      if (want === undefined) assert.throws(() => decodeUtf8(bytes, 0, bytes.length), TypeError);
      else assert.equal(decodeUtf8(bytes, 0, bytes.length), want);
    }),
    { seed: SEED, numRuns: 2000 },
  );
  // A leading BOM is content, on every path and at every length.
  for (const s of ['\ufeffa', '\ufeff' + 'x'.repeat(40), '\ufeff\ufffd', '\ufeff\ufffd' + 'y'.repeat(40)]) {
    const bytes = encoder.encode(s);
    assert.equal(decodeUtf8(bytes, 0, bytes.length), s);
  }
});

test('Reader.string: invalid UTF-8 of any length is a TlError at the string start', () => {
  for (const n of [3, 15, 16, 17, 200, 300]) {
    const body = new Uint8Array(n).fill(0x61);
    body[n - 1] = 0xc0;
    const long = n >= 254;
    const head = long ? [254, n & 0xff, (n >> 8) & 0xff, 0] : [n];
    const total = (head.length + n + 3) & ~3;
    const buf = new Uint8Array(total);
    buf.set(head, 0);
    buf.set(body, head.length);
    const r = new Reader(buf);
    assert.throws(
      () => r.string(),
      (e: unknown) => e instanceof TlError && e.offset === head.length,
    );
    body[n - 1] = 0x62;
    buf.set(body, head.length);
    assert.equal(new Reader(buf).string(), 'a'.repeat(n - 1) + 'b');
  }
});
