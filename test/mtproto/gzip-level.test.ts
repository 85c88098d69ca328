// gzip_packed with an explicit zlib level (the test server packs results at level 1): what comes out
// inflates back to the body at any level, and the level does change the deflate output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipPack, gzipUnpack, isGzipPacked, maybeGzipPack } from '../../src/mtproto/gzip.js';

let seed = 7;
const word = (): string => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return ['page', 'message', 'user', 'chat', 'pts', 'date', 'hello', 'world'][seed % 8]! + (seed % 97);
};
const body = new TextEncoder().encode(Array.from({ length: 4000 }, word).join(' '));

test('gzip_packed at levels 1 and 9 and the default all inflate to the body', () => {
  const packed = [gzipPack(body, 1), gzipPack(body, 9), gzipPack(body)];
  for (const p of packed) assert.deepEqual(gzipUnpack(p), body);
  assert.notDeepEqual(packed[0], packed[1], 'the level reaches deflate');
  const maybe = maybeGzipPack(body, 1024, 1);
  assert.ok(isGzipPacked(maybe) && maybe.length < body.length);
  assert.deepEqual(gzipUnpack(maybe), body);
});
