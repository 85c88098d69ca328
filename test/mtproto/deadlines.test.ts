// The session's single-timer timeout queue (deadlines.ts), driven by a virtual clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeadlineQueue } from '../../src/mtproto/engine/deadlines.js';
import type { Deadline } from '../../src/mtproto/engine/deadlines.js';
import { ManualClock } from '../helpers/scripted-server.js';

interface Entry extends Deadline {
  name: string;
  settled: boolean;
}

const entry = (name: string): Entry => ({ name, settled: false });

test('expires entries in deadline order with one timer, skipping settled and removed ones', () => {
  const clock = new ManualClock(1_000_000);
  const expired: string[] = [];
  const q = new DeadlineQueue<Entry>(clock, (e) => expired.push(e.name));
  const a = entry('a');
  const b = entry('b');
  const c = entry('c');
  const d = entry('d');
  q.add(c, 300);
  q.add(a, 100);
  q.add(b, 200);
  q.add(d, 250);
  assert.equal(clock.pendingTimers, 1, 'one timer for all entries');
  b.settled = true; // settled without remove(): skipped when it surfaces
  q.remove(d);
  assert.equal(q.size, 3);
  clock.advance(150);
  assert.deepEqual(expired, ['a']);
  clock.advance(200);
  assert.deepEqual(expired, ['a', 'c']);
  assert.equal(q.size, 0);
  assert.equal(clock.pendingTimers, 0, 'no timer once empty');
});

test('an earlier deadline re-arms the timer; clear() stops it', () => {
  const clock = new ManualClock(0);
  const expired: string[] = [];
  const q = new DeadlineQueue<Entry>(clock, (e) => expired.push(e.name));
  q.add(entry('late'), 10_000);
  q.add(entry('early'), 10);
  clock.advance(10);
  assert.deepEqual(expired, ['early']);
  q.clear();
  assert.equal(clock.pendingTimers, 0);
  clock.advance(20_000);
  assert.deepEqual(expired, ['early']);
});

test('thousands of entries removed in random order keep the heap consistent', () => {
  const clock = new ManualClock(0);
  const expired: number[] = [];
  const q = new DeadlineQueue<Entry & { at: number }>(clock, (e) => expired.push(e.at));
  const all: Array<Entry & { at: number }> = [];
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 5000; i++) {
    const at = Math.floor(rnd() * 10_000) + 1;
    const e = { name: String(i), settled: false, at };
    all.push(e);
    q.add(e, at);
  }
  const kept: number[] = [];
  for (const e of all) {
    if (rnd() < 0.7) {
      e.settled = true;
      q.remove(e);
    } else kept.push(e.at);
  }
  clock.advance(20_000);
  assert.deepEqual(expired, kept.sort((x, y) => x - y), 'every live entry expired once, in order');
  assert.equal(q.size, 0);
});
