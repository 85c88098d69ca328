/** Every vector of test/vectors/tl-serialization.json, encoded and decoded. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Reader, Writer, decode, encode, findByName, crc32Of } from './vector-support.js';
import { complete, fromHex, fromJson, toHex } from './helpers.js';

interface Vector {
  name: string;
  value: unknown;
  hex: string;
  length: number;
}
const data = JSON.parse(readFileSync('test/vectors/tl-serialization.json', 'utf8')) as {
  vectors: Vector[];
  constructor_id_rule: { examples: { line: string; crc32: string }[] };
};

function bytesFromDescription(desc: string): Uint8Array {
  const m = /bytes i%256 for i in 0\.\.(\d+)/.exec(desc);
  assert.ok(m, desc);
  return Uint8Array.from({ length: Number(m[1]) + 1 }, (_, i) => i % 256);
}

/** Encode a primitive vector value with the Writer, and read it back with the Reader. */
function primitive(v: Vector): { bytes: Uint8Array; back: (r: Reader) => unknown; expect: unknown } | undefined {
  const w = new Writer(16);
  const n = v.name;
  if (n.startsWith('int128')) {
    const u = fromHex(v.value as string);
    w.int128(u);
    return { bytes: w.finish(), back: (r) => r.int128(), expect: u };
  }
  if (n.startsWith('int ')) return (w.int(v.value as number), { bytes: w.finish(), back: (r) => r.int(), expect: v.value });
  if (n.startsWith('long ')) return (w.long(BigInt(v.value as string)), { bytes: w.finish(), back: (r) => r.long(), expect: BigInt(v.value as string) });
  if (n.startsWith('double ')) return (w.double(v.value as number), { bytes: w.finish(), back: (r) => r.double(), expect: v.value });
  if (n.startsWith('Bool ')) return (w.bool(v.value as boolean), { bytes: w.finish(), back: (r) => r.bool(), expect: v.value });
  if (n.startsWith('string ')) return (w.string(v.value as string), { bytes: w.finish(), back: (r) => r.string(), expect: v.value });
  if (n.startsWith('bytes of length') && !n.includes('header only') && !n.includes('prefix only')) {
    const u = bytesFromDescription(v.value as string);
    w.bytes(u);
    return { bytes: w.finish(), back: (r) => r.bytes(), expect: u };
  }
  return undefined;
}

test('constructor id rule examples', () => {
  for (const ex of data.constructor_id_rule.examples) assert.equal(crc32Of(ex.line), parseInt(ex.crc32, 16) >>> 0, ex.line);
});

for (const v of data.vectors) {
  test(`vector: ${v.name}`, () => {
    const expected = fromHex(v.hex);
    assert.equal(expected.length, v.length);
    const prim = primitive(v);
    if (prim) {
      assert.equal(toHex(prim.bytes), v.hex);
      const r = new Reader(expected);
      assert.deepStrictEqual(prim.back(r), prim.expect);
      r.assertEnd();
      return;
    }
    if (v.name.includes('header only') || v.name.includes('prefix only')) {
      // Long-form length header alone: check how the Writer lays out the prefix of such a payload.
      const len = v.name.includes('0x123456') ? 0x123456 : 256;
      const w = new Writer(16);
      w.bytes(new Uint8Array(len));
      assert.equal(toHex(w.finish().subarray(0, 4)), v.hex);
      return;
    }
    if (v.name.startsWith('Vector<') || v.name.startsWith('vector<')) {
      const m = /^(Vector|vector)<(\w+)>/.exec(v.name)!;
      const boxed = m[1] === 'Vector';
      const w = new Writer(16);
      const arr = v.value as unknown[];
      if (boxed) w.int(0x1cb5c415);
      w.int(arr.length);
      for (const x of arr) {
        if (m[2] === 'long') w.long(BigInt(x as string));
        else if (m[2] === 'int') w.int(x as number);
        else w.string(x as string);
      }
      assert.equal(toHex(w.finish()), v.hex);
      const r = new Reader(expected);
      const n = boxed ? r.vector(4) : r.bareVector(4);
      const back = [];
      for (let i = 0; i < n; i++) back.push(m[2] === 'long' ? String(r.long()) : m[2] === 'int' ? r.int() : r.string());
      r.assertEnd();
      assert.deepStrictEqual(back, arr);
      return;
    }
    if (v.name.startsWith('gzip_packed')) {
      const inner = fromHex((v.value as { inner_hex: string }).inner_hex);
      const r = new Reader(expected);
      assert.equal(r.uint(), 0x3072cfa1);
      assert.deepStrictEqual(new Uint8Array(gunzipSync(r.bytes())), inner);
      // decode unpacks transparently and yields the inner object
      assert.deepStrictEqual(decode(expected), decode(inner));
      return;
    }
    const value = v.value as { _: string };
    const entry = findByName(value._, 'api') ?? findByName(value._, 'mt');
    assert.ok(entry, value._);
    const obj = fromJson(value, entry.type === 'X' ? 'Object' : 'Object', entry.schema) as { _: string };
    assert.equal(toHex(encode(obj as never)), v.hex, 'encode');
    assert.deepStrictEqual(decode(expected), complete(obj, entry.schema), 'decode');
  });
}
