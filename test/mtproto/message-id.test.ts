import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageIdGenerator, msgIdFromTime, msgIdToSeconds } from '../../src/mtproto/index.js';

test('client ids are divisible by 4 and strictly increase even with a frozen clock', () => {
  const gen = new MessageIdGenerator({ side: 'client', now: () => 1_700_000_000_000 });
  let last = 0n;
  for (let i = 0; i < 1000; i++) {
    const id = gen.next();
    assert.equal(id % 4n, 0n);
    assert.ok(id > last);
    last = id;
  }
  assert.equal(Number(last >> 32n), 1_700_000_000);
});

test('server ids: response ≡ 1, service ≡ 3 mod 4, strictly increasing across kinds', () => {
  let t = 1_700_000_000_000;
  const gen = new MessageIdGenerator({ side: 'server', now: () => t });
  let last = 0n;
  for (let i = 0; i < 500; i++) {
    const kind = i % 3 === 0 ? 'service' : 'response';
    const id = gen.next(kind);
    assert.equal(id % 4n, kind === 'response' ? 1n : 3n);
    assert.ok(id > last, `id ${i} must increase`);
    last = id;
    if (i % 50 === 0) t += 1;
  }
});

test('ids follow the clock and the time offset', () => {
  let t = 1_600_000_000_500;
  const gen = new MessageIdGenerator({ side: 'client', now: () => t });
  const a = gen.next();
  assert.equal(Number(a >> 32n), 1_600_000_000);
  assert.ok(Math.abs(msgIdToSeconds(a) - 1_600_000_000.5) < 0.001);
  gen.timeOffset = 100;
  const b = gen.next();
  assert.equal(Number(b >> 32n), 1_600_000_100);
  // a negative offset never makes ids go backwards
  gen.timeOffset = -1000;
  t += 10;
  assert.ok(gen.next() > b);
  assert.throws(() => (gen.timeOffset = Number.NaN), RangeError);
});

test('syncWithServerMsgId sets the offset from a server id', () => {
  const gen = new MessageIdGenerator({ side: 'client', now: () => 1_000_000_000_000 });
  const serverId = (msgIdFromTime(1_000_000_042_000) & ~3n) | 1n;
  assert.equal(gen.syncWithServerMsgId(serverId), 42);
  assert.equal(gen.timeOffset, 42);
  assert.equal(Number(gen.next() >> 32n), 1_000_000_042);
  // a correction downwards restarts the sequence from the corrected clock
  const back = (msgIdFromTime(1_000_000_000_000 - 500_000) & ~3n) | 1n;
  assert.equal(gen.syncWithServerMsgId(back), -500);
  assert.equal(Number(gen.next() >> 32n), 1_000_000_000 - 500);
});
