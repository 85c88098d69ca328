// The world tables' change marks (tables.ts): kept only once a store tracks them, each handed out once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TableSet } from '../../src/testing/world/tables.js';

test('tables mark changed rows only once tracked; drain hands each out once', () => {
  const tables = new TableSet();
  const t = tables.define<{ n: number }>('sample');
  t.set('a', { n: 1 });
  t.touch('a');
  assert.equal(tables.hasChanges, false, 'an untracked world (nothing persists it) keeps no marks');
  assert.deepEqual(tables.drainChanges(), []);
  tables.track();
  const later = tables.define<number>('later');
  t.set('b', { n: 2 });
  t.delete('a');
  later.set('x', 5);
  assert.equal(tables.hasChanges, true);
  const changes = tables.drainChanges().map((c) => [c.table, c.key, c.json]);
  assert.deepEqual(changes.sort(), [['later', 'x', 5], ['sample', 'a', null], ['sample', 'b', { n: 2 }]].sort());
  assert.deepEqual(tables.drainChanges(), []);
  t.touch('b');
  tables.clearChanges();
  assert.equal(tables.hasChanges, false);
  assert.deepEqual(tables.dumpAll(), { sample: [['b', { n: 2 }]], later: [['x', 5]] });
});
