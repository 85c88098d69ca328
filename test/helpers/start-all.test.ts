import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startAll } from './start-all.js';

test('startAll: every fixture up → all returned in order', async () => {
  const [a, b] = await startAll([Promise.resolve({ name: 'a', stop: async () => {} }), Promise.resolve({ name: 'b', close: async () => {} })]);
  assert.equal(a.name, 'a');
  assert.equal(b.name, 'b');
});

test('startAll: one fails → the others are stopped and its error is rethrown', async () => {
  const stopped: string[] = [];
  await assert.rejects(
    startAll([
      Promise.resolve({ stop: async () => void stopped.push('db') }),
      Promise.reject(new Error('redis-server not found')),
      Promise.resolve({ close: async () => void stopped.push('server') }),
    ]),
    /redis-server not found/,
  );
  assert.deepEqual(stopped.sort(), ['db', 'server']);
});

test('startAll: two fail → both reasons reported', async () => {
  await assert.rejects(startAll([Promise.reject(new Error('no postgres')), Promise.reject(new Error('no redis'))]), (error: unknown) => {
    assert.ok(error instanceof AggregateError);
    assert.match(error.message, /no postgres; no redis/);
    return true;
  });
});
