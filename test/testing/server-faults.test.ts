import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RpcError } from '../../src/errors.js';
import { msgIdToSeconds } from '../../src/mtproto/index.js';
import { TestServer } from '../../src/testing/index.js';
import { rawClientFor } from './server-raw-client.js';

const nearest = { _: 'nearestDc', country: 'NL', thisDc: 2, nearestDc: 2 } as const;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('TestServer fault injection', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({ installWorld: false, wsPort: false });
    server.handle('help.getNearestDc', () => nearest);
  });
  afterEach(() => server.faults.reset());
  after(async () => {
    await server.close();
  });

  it('dropAfterMessages: the packet after N is discarded and the connection closed', async () => {
    const c = await rawClientFor(server);
    server.faults.dropAfterMessages(1);
    await c.invoke({ _: 'help.getNearestDc' });
    const lost = c.send({ _: 'help.getNearestDc' });
    assert.equal(await c.waitClosed(), true);
    assert.equal(c.received.some((m) => m.rpc?.reqMsgId === lost), false);
  });

  it('dropAfterBytes with once: only the first connection is dropped', async () => {
    server.faults.dropAfterBytes(1, { once: true });
    const c1 = await rawClientFor(server); // the key exchange is never disturbed
    c1.send({ _: 'help.getNearestDc' });
    assert.equal(await c1.waitClosed(), true);
    const c2 = await rawClientFor(server);
    try {
      assert.deepEqual(await c2.invoke({ _: 'help.getNearestDc' }), nearest);
    } finally {
      c2.close();
    }
  });

  it('drop rules with probability 0 never fire', async () => {
    server.faults.dropAfterMessages(0, { probability: 0, seed: 42 });
    const c = await rawClientFor(server);
    try {
      assert.deepEqual(await c.invoke({ _: 'help.getNearestDc' }), nearest);
    } finally {
      c.close();
    }
  });

  it('delayReplies holds answers back', async () => {
    const c = await rawClientFor(server);
    try {
      server.faults.delayReplies(300);
      const id = c.send({ _: 'help.getNearestDc' });
      await sleep(100);
      assert.equal(c.received.some((m) => m.rpc?.reqMsgId === id), false, 'not yet answered');
      await c.result(id);
    } finally {
      c.close();
    }
  });

  it('duplicateReplies sends every packet twice', async () => {
    const c = await rawClientFor(server);
    try {
      server.faults.duplicateReplies();
      const id = c.send({ _: 'help.getNearestDc' });
      await c.result(id);
      await sleep(50);
      const copies = c.received.filter((m) => m.rpc?.reqMsgId === id);
      assert.equal(copies.length, 2);
      assert.equal(copies[0]!.msgId, copies[1]!.msgId, 'same msg_id: clients must drop it');
    } finally {
      c.close();
    }
  });

  it('reorderReplies swaps reply packets', async () => {
    const c = await rawClientFor(server);
    try {
      await c.invoke({ _: 'help.getNearestDc' });
      server.faults.reorderReplies();
      const a = c.send({ _: 'help.getNearestDc' });
      await sleep(10); // separate packets, so separate reply packets
      const b = c.send({ _: 'help.getNearestDc' });
      await c.result(a);
      await c.result(b);
      const order = c.received.filter((m) => m.rpc?.reqMsgId === a || m.rpc?.reqMsgId === b).map((m) => m.rpc!.reqMsgId);
      assert.deepEqual(order, [b, a]);
    } finally {
      c.close();
    }
  });

  it('bad_server_salt and bad_msg_notification for the next request', async () => {
    const c = await rawClientFor(server);
    try {
      await c.invoke({ _: 'help.getNearestDc' });
      server.faults.badServerSaltNext();
      const id = c.send({ _: 'help.getNearestDc' });
      const bad = await c.waitFor((m) => m.obj?._ === 'bad_server_salt' && m.obj['badMsgId'] === id);
      assert.equal(typeof bad.obj!['newServerSalt'], 'bigint');
      c.salt = bad.obj!['newServerSalt'] as bigint;
      server.faults.badMsgNotificationNext(32);
      const id2 = c.send({ _: 'help.getNearestDc' });
      const n = await c.waitFor((m) => m.obj?._ === 'bad_msg_notification' && m.obj['badMsgId'] === id2);
      assert.equal(n.obj!['errorCode'], 32);
      assert.deepEqual(await c.invoke({ _: 'help.getNearestDc' }), nearest, 'later requests are served');
    } finally {
      c.close();
    }
  });

  it('floodWait and migrate answer RPC errors for a method', async () => {
    const c = await rawClientFor(server);
    try {
      server.faults.floodWait('help.getNearestDc', 7, 2);
      for (let i = 0; i < 2; i++) {
        await assert.rejects(c.invoke({ _: 'help.getNearestDc' }), (e: unknown) => RpcError.is(e, 'FLOOD_WAIT') && e.code === 420 && e.argument === 7);
      }
      assert.deepEqual(await c.invoke({ _: 'help.getNearestDc' }), nearest);
      server.faults.migrate('help.getNearestDc', 'USER_MIGRATE', 3, 1);
      await assert.rejects(c.invoke({ _: 'help.getNearestDc' }), (e: unknown) => e instanceof RpcError && e.code === 303 && e.message === 'USER_MIGRATE_3');
      assert.deepEqual(await c.invoke({ _: 'help.getNearestDc' }), nearest);
    } finally {
      c.close();
    }
  });

  it('timeSkew moves the server clock (client ids become too old → 16)', async () => {
    const c = await rawClientFor(server);
    try {
      await c.invoke({ _: 'help.getNearestDc' });
      server.faults.timeSkew(600);
      const id = c.send({ _: 'help.getNearestDc' });
      const n = await c.waitFor((m) => m.obj?._ === 'bad_msg_notification' && m.obj['badMsgId'] === id);
      assert.equal(n.obj!['errorCode'], 16);
      assert.ok(msgIdToSeconds(n.msgId) - Date.now() / 1000 > 590, 'server msg ids carry the skewed time');
      server.faults.reset();
      assert.deepEqual(await c.invoke({ _: 'help.getNearestDc' }), nearest);
    } finally {
      c.close();
    }
  });
});
