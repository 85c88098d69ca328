/**
 * The server session's bounded state (client messages and answers per auth key, our
 * unacknowledged messages) forgets its oldest entries first and never grows past its limits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SESSION_LIMITS, ServerSession } from '../../src/testing/server/session.js';
import { ClientMessages, KeyMessageBudget } from '../../src/testing/server/client-messages.js';
import type { AuthKeyRecord } from '../../src/testing/server/auth-keys.js';

function newSession(): ServerSession {
  let id = 1n;
  return new ServerSession({} as AuthKeyRecord, 7n, () => (id += 4n));
}

test('remembered client messages are bounded per auth key, oldest first across its sessions; other keys untouched', () => {
  const limits = { messages: 100, answerBytes: 10_000 };
  const mine = new KeyMessageBudget(limits);
  const theirs = new KeyMessageBudget(limits);
  const a = new ClientMessages(mine);
  const b = new ClientMessages(mine);
  const victim = new ClientMessages(theirs);
  for (let i = 0; i < 50; i++) victim.add(BigInt(i) * 4n, true, true, 'processing');
  for (let i = 0; i < 500; i++) (i % 2 === 0 ? a : b).add(BigInt(1000 + i) * 4n, true, true, 'received');
  assert.equal(mine.entries, 100);
  assert.equal(a.size + b.size, 100);
  assert.ok(a.get(BigInt(1000 + 498) * 4n) && b.get(BigInt(1000 + 499) * 4n), 'the newest stay');
  assert.ok(a.isForgotten(BigInt(1000 + 2) * 4n), 'a forgotten msg_id is still refused');
  assert.equal(victim.size, 50, "another key's entries are never evicted");
  assert.equal(theirs.entries, 50);
});

test('stored answers are bounded per auth key in bytes; a forgotten answer leaves its msg_id refused', () => {
  const budget = new KeyMessageBudget({ messages: 1000, answerBytes: 1000 });
  const t = new ClientMessages(budget);
  for (let i = 1; i <= 30; i++) {
    const e = t.add(BigInt(i) * 4n, true, true, 'processing');
    t.answered(e, new Uint8Array(100), BigInt(i) * 4n + 1n);
    assert.ok(budget.answerBytes <= 1000);
  }
  assert.equal(t.size, 10);
  assert.equal(t.get(120n)?.answer?.length, 100);
  assert.ok(t.isForgotten(80n) && !t.get(80n));
  t.clear();
  assert.equal(budget.entries, 0);
  assert.equal(budget.answerBytes, 0);
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
