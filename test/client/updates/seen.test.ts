// The engine's recent-delivery window (SeenPeers.firstDelivery): a repeat inside the window is refused,
// per box, the oldest delivery is forgotten once the window is full, and the table keeps answering
// through its growth and through many evictions (checked against a plain model).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeenPeers } from '../../../src/client/updates/seen.js';

test('a delivery is first once per box; the same id in another box is another message', () => {
  const s = new SeenPeers();
  assert.equal(s.firstDelivery('common', 5), true);
  assert.equal(s.firstDelivery('common', 5), false);
  assert.equal(s.firstDelivery(7, 5), true);
  assert.equal(s.firstDelivery(7, 5), false);
  const big = 2 ** 40 + 3; // channel ids above 2^32 are told apart from their low bits
  assert.equal(s.firstDelivery(big, 5), true);
  assert.equal(s.firstDelivery(3, 5), true);
  assert.equal(s.firstDelivery(big, 5), false);
});

test('the window forgets its oldest delivery once full', () => {
  const s = new SeenPeers(3);
  for (const id of [1, 2, 3]) assert.equal(s.firstDelivery('common', id), true);
  assert.equal(s.firstDelivery('common', 1), false);
  assert.equal(s.firstDelivery('common', 4), true); // evicts 1
  assert.equal(s.firstDelivery('common', 1), true); // evicts 2
  assert.equal(s.firstDelivery('common', 2), true);
  assert.equal(s.firstDelivery('common', 4), false);
});

test('the window matches a plain model over growth and many evictions', () => {
  const window = 1000;
  const s = new SeenPeers(window);
  const ring: string[] = [];
  const live = new Map<string, number>();
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (let i = 0; i < 50_000; i++) {
    const box = rand(4) === 0 ? 'common' : [1, 2, 2 ** 33 + 1][rand(3)]!;
    const id = rand(3000) + 1;
    const key = `${box}:${id}`;
    const expected = !live.has(key);
    assert.equal(s.firstDelivery(box, id), expected, `step ${i}: ${key}`);
    if (!expected) continue;
    ring.push(key);
    live.set(key, (live.get(key) ?? 0) + 1);
    if (ring.length > window) {
      const old = ring.shift()!;
      const n = live.get(old)! - 1;
      if (n === 0) live.delete(old);
      else live.set(old, n);
    }
  }
});
