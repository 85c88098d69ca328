/**
 * The server session's bounded maps (client messages, our unacknowledged messages) forget their
 * oldest entries first and never grow past their limits, also when entries are deleted in between.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SESSION_LIMITS, ServerSession } from '../../src/testing/server/session.js';
import type { AuthKeyRecord } from '../../src/testing/server/auth-keys.js';

function newSession(): ServerSession {
  let id = 1n;
  return new ServerSession({} as AuthKeyRecord, 7n, () => (id += 4n));
}

test('clientMessages stays bounded and evicts oldest first, with deletions in between', () => {
  const s = newSession();
  const limit = SESSION_LIMITS.clientMessages;
  const total = limit * 3;
  for (let i = 0; i < total; i++) {
    s.noteClientMessage(BigInt(i) * 4n, { rpc: false, state: 'received' });
    if (i % 5 === 0) s.clientMessages.delete(BigInt(i - 3) * 4n); // someone else forgets an older entry
    assert.ok(s.clientMessages.size <= limit);
  }
  const keys = [...s.clientMessages.keys()];
  // what is left is exactly the newest entries that were not deleted elsewhere
  const expected: bigint[] = [];
  for (let i = total - 1; i >= 0 && expected.length < limit; i--) {
    const deleted = (i + 3) % 5 === 0 && i + 3 < total;
    if (!deleted) expected.unshift(BigInt(i) * 4n);
  }
  assert.deepEqual(keys, expected);
});

test('unacked stays bounded; acknowledged messages leave, newest stay', () => {
  const s = newSession();
  s.sink = { closed: true, sendMessages: () => undefined };
  const ids: bigint[] = [];
  for (let i = 0; i < SESSION_LIMITS.unacked * 2 + 10; i++) {
    ids.push(s.send(new Uint8Array(4), 'response', true));
    if (i % 3 === 0) s.unacked.delete(ids[ids.length - 2] ?? 0n);
    assert.ok(s.unacked.size <= SESSION_LIMITS.unacked);
  }
  assert.ok(s.unacked.has(ids[ids.length - 1]!));
  assert.ok(!s.unacked.has(ids[0]!));
});
