// Regression test: sent containers are forgotten once every request inside them has settled
// (they used to stay until 4096 of them piled up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PendingTable } from '../../src/mtproto/pending.js';
import type { PendingRequest } from '../../src/mtproto/pending.js';

function request(method = 'help.getNearestDc'): PendingRequest {
  return {
    method,
    body: new Uint8Array(4),
    decode: (b) => b,
    internal: false,
    status: 'queued',
    msgId: 0n,
    msgIds: [],
    wrapped: false,
    resolve: () => undefined,
    reject: () => undefined,
    settled: false,
  };
}

test('a container is pruned when all of its requests settle, and still resolves while one is pending', () => {
  const table = new PendingTable();
  const a = request();
  const b = request();
  table.add(a);
  table.add(b);
  table.sent(a, 100n, false);
  table.sent(b, 104n, false);
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
    table.sent(r1, m1, false);
    table.sent(r2, m2, false);
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
  table.sent(r, 40n, false);
  table.container(44n, [40n]);
  r.status = 'queued';
  table.sent(r, 48n, false);
  table.container(52n, [48n]);
  assert.equal(table.containerCount, 2);
  assert.deepEqual(table.resolveIds([44n]), [r], 'the old container still points at the request');
  table.resolve(r, 0);
  assert.equal(table.containerCount, 0);
});
