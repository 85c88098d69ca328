import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeenMessageIds, checkIncomingMsgId, msgIdFromTime } from '../../src/mtproto/index.js';

test('SeenMessageIds stays bounded and refuses ids not above the largest one let go', () => {
  const seen = new SeenMessageIds(4);
  for (let i = 1n; i <= 10n; i++) seen.add(i * 4n);
  assert.equal(seen.size, 4);
  for (let i = 7n; i <= 10n; i++) assert.ok(seen.has(i * 4n));
  assert.ok(seen.has(4n), 'evicted ids are still refused');
  assert.ok(seen.has(21n), 'an unseen id below the largest evicted id is refused');
  assert.ok(!seen.has(29n));
  assert.ok(!seen.has(1000n));
  seen.add(26n); // above the bound (24) but below everything kept: let go at once, the new bound
  assert.equal(seen.size, 4);
  assert.ok(seen.has(26n) && seen.has(25n) && !seen.has(27n) && seen.has(28n));
  seen.add(40n); // duplicate add is a no-op
  assert.equal(seen.size, 4);
  seen.clear();
  assert.ok(!seen.has(4n));
  assert.throws(() => new SeenMessageIds(0), RangeError);
});

test('SeenMessageIds keeps the largest ids: a held backlog after its containers is not refused', () => {
  // the server numbers containers after their messages: releasing 5000 held messages in 5
  // containers sends container ids above every inner id; all 5000 inner ids must get through
  const seen = new SeenMessageIds(4096);
  const inner = (i: number): bigint => 1_000_000n + BigInt(i) * 4n + 1n;
  const container = (c: number): bigint => 9_000_000n + BigInt(c) * 4n + 1n;
  let refused = 0;
  for (let c = 0; c < 5; c++) {
    assert.ok(!seen.has(container(c)));
    seen.add(container(c));
    for (let i = c * 1000; i < (c + 1) * 1000; i++) {
      if (seen.has(inner(i))) refused++;
      else seen.add(inner(i));
    }
  }
  assert.equal(refused, 0);
  assert.equal(seen.size, 4096);
  for (let c = 0; c < 5; c++) assert.ok(seen.has(container(c)), 'containers are still known');
  assert.ok(seen.has(inner(0)), 'the smallest ids were let go and are refused as too old');
  assert.ok(seen.has(inner(4999)));
  assert.ok(!seen.has(inner(5000)));
});

test('checkIncomingMsgId: parity, window and duplicates', () => {
  const now = 1_700_000_000_000;
  const at = (ms: number, low: bigint) => (msgIdFromTime(ms) & ~3n) | low;
  const seen = new SeenMessageIds(100);
  const opts = { side: 'client' as const, now, timeOffset: 0, seen };
  assert.equal(checkIncomingMsgId(at(now, 1n), opts), 'ok');
  assert.equal(checkIncomingMsgId(at(now, 1n), opts), 'duplicate');
  assert.equal(checkIncomingMsgId(at(now + 4, 3n), opts), 'ok');
  assert.equal(checkIncomingMsgId(at(now, 0n), opts), 'bad-parity');
  assert.equal(checkIncomingMsgId(at(now, 2n), opts), 'bad-parity');
  assert.equal(checkIncomingMsgId(at(now - 299_000, 1n), opts), 'ok');
  assert.equal(checkIncomingMsgId(at(now - 301_000, 1n), opts), 'too-old');
  assert.equal(checkIncomingMsgId(at(now + 29_000, 1n), opts), 'ok');
  assert.equal(checkIncomingMsgId(at(now + 31_000, 1n), opts), 'too-new');
  // the offset moves the window
  assert.equal(checkIncomingMsgId(at(now + 100_000, 1n), { ...opts, timeOffset: 100 }), 'ok');
  // server side expects client parity
  assert.equal(checkIncomingMsgId(at(now, 0n), { side: 'server', now }), 'ok');
  assert.equal(checkIncomingMsgId(at(now, 1n), { side: 'server', now }), 'bad-parity');
});
