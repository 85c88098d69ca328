// Regression test: sent containers are forgotten once every request inside them has settled
// (they used to stay until 4096 of them piled up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PendingTable, newRequest } from '../../src/mtproto/engine/pending.js';
import type { PendingRequest } from '../../src/mtproto/engine/pending.js';

function request(method = 'help.getNearestDc'): PendingRequest {
  const r = newRequest({ method, body: new Uint8Array(4), decode: (b) => b });
  r.resolve = () => undefined;
  r.reject = () => undefined;
  return r;
}

/** Gives `r` its msg_id as the outbox does when it first leaves. */
function send(table: PendingTable, r: PendingRequest, msgId: bigint): void {
  table.assign(r, msgId, 1, r.body);
}

test('a container is pruned when all of its requests settle, and still resolves while one is pending', () => {
  const table = new PendingTable();
  const a = request();
  const b = request();
  table.add(a);
  table.add(b);
  send(table, a, 100n);
  send(table, b, 104n);
  // 108 is an ack riding along (no request behind it)
  table.container(112n, [100n, 104n, 108n]);
  assert.equal(table.containerCount, 1);
  assert.deepEqual(new Set(table.resolveIds([112n])), new Set([a, b]));

  assert.ok(table.resolve(a, 'x'));
  assert.equal(table.containerCount, 1, 'b is still pending');
  assert.deepEqual(table.resolveIds([112n]), [b]);
  assert.ok(table.reject(b, new Error('boom')));
  assert.equal(table.containerCount, 0, 'nothing left to resolve through it');
  assert.equal(table.containerIds(112n), undefined);
});

test('a container of service messages only is not remembered', () => {
  const table = new PendingTable();
  table.container(20n, [4n, 8n]);
  assert.equal(table.containerCount, 0);
});

test('many settled containers leave nothing behind; the bound still holds for unsettled ones', () => {
  const table = new PendingTable(8);
  let id = 1000n;
  const open: PendingRequest[] = [];
  for (let i = 0; i < 500; i++) {
    const r1 = request();
    const r2 = request();
    table.add(r1);
    table.add(r2);
    const m1 = (id += 4n);
    const m2 = (id += 4n);
    send(table, r1, m1);
    send(table, r2, m2);
    table.container((id += 4n), [m1, m2]);
    table.resolve(r1, 1);
    if (i % 50 === 0) open.push(r2);
    else table.resolve(r2, 2);
  }
  assert.ok(table.containerCount > 0 && table.containerCount <= 8, 'unsettled ones stay, capped at maxContainers');
  for (const r of open) table.resolve(r, 3);
  assert.equal(table.containerCount, 0);
  assert.equal(table.size, 0);
});

test('a request resent in a second container unlinks from both when it settles', () => {
  const table = new PendingTable();
  const r = request();
  table.add(r);
  send(table, r, 40n);
  table.container(44n, [40n]);
  table.container(52n, [40n]); // a copy under the same id, after a reconnect
  assert.equal(table.containerCount, 2);
  assert.deepEqual(table.resolveIds([44n]), [r], 'the old container still points at the request');
  assert.deepEqual(table.resolveIds([52n]), [r]);
  table.resolve(r, 0);
  assert.equal(table.containerCount, 0);
});

test('a request moved to a new msg_id keeps its old one as an alias until it settles', () => {
  const table = new PendingTable();
  const r = request();
  table.add(r);
  send(table, r, 40n);
  table.container(44n, [40n]);
  send(table, r, 48n);
  table.container(52n, [48n]);
  assert.equal(table.get(40n), r, 'a late answer to the first id still finds it');
  assert.equal(table.containerCount, 2);
  table.resolve(r, 0);
  assert.equal(table.containerCount, 0);
  assert.equal(table.get(40n), undefined);
});
