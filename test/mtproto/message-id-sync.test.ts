// Regression tests: a time correction must never make the client reuse a msg_id (the server drops
// a reused id as a replay, so a resent request would hang until its timeout).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageIdGenerator, msgIdFromTime } from '../../src/mtproto/index.js';

const serverIdAt = (ms: number): bigint => (msgIdFromTime(ms) & ~3n) | 1n;

test('a correction that leaves the offset at ~0 keeps ids strictly increasing (same millisecond)', () => {
  const t = 1_700_000_000_123;
  const gen = new MessageIdGenerator({ side: 'client', now: () => t });
  const before = [gen.next(), gen.next(), gen.next()];
  // bad_msg_notification 16 with a server msg_id of the same instant: offset stays 0
  assert.equal(gen.syncWithServerMsgId(serverIdAt(t)), 0);
  const after = gen.next();
  assert.ok(after > before[2]!, `resent id ${after} must be above ${before[2]}`);
  assert.ok(!before.includes(after));
});

test('a forward correction keeps ids increasing', () => {
  let t = 1_700_000_000_000;
  const gen = new MessageIdGenerator({ side: 'client', now: () => t });
  const a = gen.next();
  assert.equal(gen.syncWithServerMsgId(serverIdAt(t + 30_000)), 30);
  const b = gen.next();
  assert.ok(b > a);
  assert.equal(Number(b >> 32n), 1_700_000_030);
  t += 1;
  assert.ok(gen.next() > b);
});

test('a backward correction restarts from the corrected clock but never reuses an id of this generator', () => {
  let t = 1_700_000_000_000;
  const gen = new MessageIdGenerator({ side: 'client', now: () => t });
  const issued = new Set<bigint>();
  const take = (): bigint => {
    const id = gen.next();
    assert.equal(id % 4n, 0n);
    assert.ok(!issued.has(id), `id ${id} was already used`);
    issued.add(id);
    return id;
  };
  // ids issued with the clock 2 s ahead of the server
  for (let i = 0; i < 50; i++) take();
  t += 1;
  for (let i = 0; i < 50; i++) take();
  const highest = gen.lastId;
  // the server says our ids are 2 s too high: offset −2
  assert.equal(gen.syncWithServerMsgId(serverIdAt(t - 2000)), -2);
  const restarted = take();
  assert.ok(restarted < highest, 'ids follow the corrected clock');
  // the local clock walks through the range used before the correction: nothing is reused
  for (let step = 0; step < 40; step++) {
    t += 100;
    for (let i = 0; i < 5; i++) take();
  }
  assert.ok(gen.lastId > highest, 'ids passed the earlier range');
});

test('after a backward correction that lands inside the used range, ids jump above it (server side too)', () => {
  let t = 1_700_000_000_000;
  const gen = new MessageIdGenerator({ side: 'server', now: () => t });
  const seen = new Set<bigint>();
  for (let i = 0; i < 100; i++) {
    seen.add(gen.next(i % 2 === 0 ? 'response' : 'service'));
    t += 10; // the used range spans one second
  }
  const top = gen.lastId;
  // offset 0 → −1: the corrected clock lands at the start of the used range
  assert.equal(gen.syncWithServerMsgId(serverIdAt(t - 1000)), -1);
  let last = 0n;
  for (let i = 0; i < 200; i++) {
    const kind = i % 2 === 0 ? 'response' : 'service';
    const id = gen.next(kind);
    assert.equal(id % 4n, kind === 'response' ? 1n : 3n);
    assert.ok(!seen.has(id), `id ${id} reused`);
    assert.ok(id > top, 'the first new id already jumped above the used range');
    assert.ok(id > last);
    seen.add(id);
    last = id;
  }
});
