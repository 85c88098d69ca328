import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeqNoCounter, isContentRelated } from '../../src/mtproto/index.js';

test('content-related messages get 2n+1, others 2n', () => {
  const s = new SeqNoCounter();
  assert.equal(s.next(false), 0);
  assert.equal(s.next(true), 1);
  assert.equal(s.next(true), 3);
  assert.equal(s.next(false), 4);
  assert.equal(s.next(false), 4);
  assert.equal(s.next(true), 5);
  assert.equal(s.count, 3);
  s.reset();
  assert.equal(s.next(true), 1);
});

test('acks and containers are not content-related', () => {
  const le = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);
  assert.equal(isContentRelated(le(0x62d6b459)), false);
  assert.equal(isContentRelated(le(0x73f1f8dc)), false);
  assert.equal(isContentRelated(le(0x7abe77ec)), true); // ping
});
