import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipPack } from '../../src/mtproto/index.js';
import { randomBytes } from '../../src/crypto/index.js';
import { Writer } from '../../src/tl/index.js';
import { TestServer } from '../../src/testing/index.js';
import type { RequestContext } from '../../src/testing/index.js';
import { RawClient, initWrap, rawClientFor } from './server-raw-client.js';

const nearest = { _: 'nearestDc', country: 'NL', thisDc: 2, nearestDc: 2 } as const;

function body(write: (w: Writer) => void): Uint8Array {
  const w = new Writer();
  write(w);
  return w.finish();
}

describe('TestServer protocol', () => {
  let server: TestServer;
  let lastCtx: RequestContext | undefined;
  let release: (() => void) | undefined;
  before(async () => {
    server = await TestServer.start({ installWorld: false });
    server.handle('help.getNearestDc', (_req, ctx) => {
      lastCtx = ctx;
      return nearest;
    });
    server.handle('help.getSupportName', () => ({ _: 'help.supportName' as const, name: 'x'.repeat(5000) }));
    server.handle('help.getPromoData', () => new Promise((resolve) => (release = () => resolve({ _: 'help.promoDataEmpty', expires: 1 }))));
  });
  after(async () => {
    await server.close();
  });

  for (const type of ['tcp', 'websocket'] as const) {
    for (const codec of ['abridged', 'intermediate', 'paddedIntermediate', 'full'] as const) {
      for (const obfuscated of codec === 'full' ? [false] : [false, true]) {
        it(`key exchange + first RPC over ${type} ${codec}${obfuscated ? ' obfuscated' : ''}`, async () => {
          const c = await rawClientFor(server, { type, codec, obfuscated });
          try {
            assert.deepEqual(await c.invoke(initWrap({ _: 'help.getNearestDc' }), 'help.getNearestDc'), nearest);
          } finally {
            c.close();
          }
        });
      }
    }
  }

  it('importAuthKey: salt 0 gets bad_server_salt, then the call succeeds', async () => {
    const key = randomBytes(256);
    const id = server.importAuthKey(key);
    const co = server.clientOptions();
    const c = await RawClient.connect({ host: co.host, port: co.port, dcId: 2, authKey: key, salt: 0n });
    try {
      const msgId = c.send({ _: 'help.getNearestDc' });
      const bad = await c.waitFor((m) => m.obj?._ === 'bad_server_salt');
      assert.equal(bad.obj!['badMsgId'], msgId);
      assert.equal(bad.obj!['errorCode'], 48);
      assert.notEqual(bad.obj!['newServerSalt'], 0n);
      assert.deepEqual(await c.invoke({ _: 'help.getNearestDc' }), nearest);
      assert.equal(lastCtx!.authKeyId, id);
    } finally {
      c.close();
    }
  });

  it('serves an older layer and records it', async () => {
    const c = await rawClientFor(server);
    try {
      assert.deepEqual(await c.invoke(initWrap({ _: 'help.getNearestDc' }, 227), 'help.getNearestDc'), nearest);
      assert.equal(lastCtx!.layer, 227);
      assert.deepEqual(await c.invoke({ _: 'invokeWithoutUpdates', query: { _: 'help.getNearestDc' } }, 'help.getNearestDc'), nearest);
      assert.equal(lastCtx!.layer, 227);
    } finally {
      c.close();
    }
  });

  it('answers ping, get_future_salts, msgs_state_req, destroy_session', async () => {
    const c = await rawClientFor(server);
    try {
      const pingId = c.send({ _: 'ping', pingId: 77n });
      const pong = await c.waitFor((m) => m.obj?._ === 'pong');
      assert.equal(pong.obj!['msgId'], pingId);
      assert.equal(pong.obj!['pingId'], 77n);

      const saltsReq = c.send({ _: 'get_future_salts', num: 3 });
      const salts = await c.waitFor((m) => m.obj?._ === 'future_salts');
      assert.equal(salts.obj!['reqMsgId'], saltsReq);
      const list = salts.obj!['salts'] as Array<{ validSince: number; validUntil: number; salt: bigint }>;
      assert.equal(list.length, 3);
      assert.ok(list[0]!.validUntil === list[1]!.validSince);

      const answered = c.send({ _: 'help.getNearestDc' });
      await c.result(answered);
      const unknownFuture = (BigInt(Math.floor(Date.now() / 1000) + 200) << 32n) & ~3n;
      const stateReq = c.send({ _: 'msgs_state_req', msgIds: [answered, unknownFuture] });
      const info = await c.waitFor((m) => m.obj?._ === 'msgs_state_info');
      assert.equal(info.obj!['reqMsgId'], stateReq);
      const bytes = info.obj!['info'] as Uint8Array;
      assert.equal(bytes.length, 2);
      assert.ok((bytes[0]! & 4) !== 0, 'answered query is known as received');
      assert.ok((bytes[0]! & 64) !== 0, 'answered query has its answer generated');
      assert.equal(bytes[1], 3);

      // a second session on the same key, then destroy it from the first
      const other = c.sessionId + 1n;
      c.sendBody(RawClient.encode({ _: 'ping', pingId: 1n }), { sessionId: other });
      await new Promise((r) => setTimeout(r, 50));
      c.send({ _: 'destroy_session', sessionId: other });
      const ok = await c.waitFor((m) => m.obj?._ === 'destroy_session_ok');
      assert.equal(ok.obj!['sessionId'], other);
      c.send({ _: 'destroy_session', sessionId: other });
      await c.waitFor((m) => m.obj?._ === 'destroy_session_none');
    } finally {
      c.close();
    }
  });

  it('ping_delay_disconnect closes the connection after the delay', async () => {
    const c = await rawClientFor(server);
    c.send({ _: 'ping_delay_disconnect', pingId: 5n, disconnectDelay: 1 });
    await c.waitFor((m) => m.obj?._ === 'pong');
    assert.equal(await c.waitClosed(3000), true);
  });

  it('unpacks containers and gzip_packed requests, gzips big results, acks content messages', async () => {
    const c = await rawClientFor(server);
    try {
      const [a, b] = c.sendContainer([RawClient.encode({ _: 'help.getNearestDc' }), gzipPack(RawClient.encode({ _: 'help.getNearestDc' }))]);
      await c.result(a!);
      await c.result(b!);
      const ack = await c.waitFor((m) => m.obj?._ === 'msgs_ack' && (m.obj['msgIds'] as bigint[]).includes(a!));
      assert.ok((ack.obj!['msgIds'] as bigint[]).includes(b!));
      assert.equal(ack.seqNo % 2, 0, 'acks are not content-related');

      const big = c.send({ _: 'help.getSupportName' });
      const res = await c.result(big);
      assert.equal(new DataView(res.rpc!.result.buffer, res.rpc!.result.byteOffset).getUint32(0, true), 0x3072cfa1, 'gzip_packed');
      assert.deepEqual(await c.invoke({ _: 'help.getSupportName' }), { _: 'help.supportName', name: 'x'.repeat(5000) });
    } finally {
      c.close();
    }
  });

  it('rejects bad msg ids and seqno parity; a replayed query gets its stored answer again', async () => {
    const c = await rawClientFor(server);
    try {
      await c.invoke({ _: 'help.getNearestDc' }); // settle the session
      const req = RawClient.encode({ _: 'help.getNearestDc' });
      const odd = c.ids.next() + 1n;
      c.sendBody(req, { msgId: odd });
      assert.equal((await c.waitFor((m) => m.obj?._ === 'bad_msg_notification' && m.obj['badMsgId'] === odd)).obj!['errorCode'], 18);
      const old = (BigInt(Math.floor(Date.now() / 1000) - 400) << 32n) & ~3n;
      c.sendBody(req, { msgId: old });
      assert.equal((await c.waitFor((m) => m.obj?._ === 'bad_msg_notification' && m.obj['badMsgId'] === old)).obj!['errorCode'], 16);
      const future = (BigInt(Math.floor(Date.now() / 1000) + 100) << 32n) & ~3n;
      c.sendBody(req, { msgId: future });
      assert.equal((await c.waitFor((m) => m.obj?._ === 'bad_msg_notification' && m.obj['badMsgId'] === future)).obj!['errorCode'], 17);
      const evenSeq = c.sendBody(req, { seqNo: 2 });
      assert.equal((await c.waitFor((m) => m.obj?._ === 'bad_msg_notification' && m.obj['badMsgId'] === evenSeq)).obj!['errorCode'], 35);

      const once = c.sendBody(req);
      await c.result(once);
      c.sendBody(req, { msgId: once });
      const probe = c.send({ _: 'help.getNearestDc' });
      await c.result(probe);
      const answers = c.received.filter((m) => m.rpc?.reqMsgId === once);
      assert.equal(answers.length, 2, 'the stored answer was re-sent');
      assert.deepEqual(answers[1]!.rpc!.result, answers[0]!.rpc!.result, 'the same answer, not a second execution');
    } finally {
      c.close();
    }
  });

  it('rpc_drop_answer of a running query, msg_resend_req, invokeAfterMsg', async () => {
    const c = await rawClientFor(server);
    try {
      const slow = c.send({ _: 'help.getPromoData' });
      await new Promise((r) => setTimeout(r, 30));
      const drop = c.send({ _: 'rpc_drop_answer', reqMsgId: slow });
      const dropRes = await c.result(drop);
      assert.equal(new DataView(dropRes.rpc!.result.buffer, dropRes.rpc!.result.byteOffset).getUint32(0, true), 0xcd78e586);
      release!();
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(c.received.some((m) => m.rpc?.reqMsgId === slow), false, 'dropped answer never sent');

      const q = c.send({ _: 'help.getNearestDc' });
      const first = await c.result(q);
      c.send({ _: 'msg_resend_req', msgIds: [first.msgId] });
      await c.waitFor((m) => m.rpc?.reqMsgId === q && m !== first);
      assert.equal(c.received.filter((m) => m.rpc?.reqMsgId === q).length, 2);

      const slow2 = c.send({ _: 'help.getPromoData' });
      const after = c.send({ _: 'invokeAfterMsg', msgId: slow2, query: { _: 'help.getNearestDc' } });
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(c.received.some((m) => m.rpc?.reqMsgId === after), false, 'waits for the earlier query');
      release!();
      await c.result(slow2);
      await c.result(after);
    } finally {
      c.close();
    }
  });

  it('pushes updates to every session of a user', async () => {
    const c1 = await rawClientFor(server);
    const c2 = await rawClientFor(server, { type: 'websocket' });
    try {
      server.handle('help.getNearestDc', (_r, ctx) => {
        ctx.setUserId(4242);
        return nearest;
      });
      await c1.invoke({ _: 'help.getNearestDc' });
      await c2.invoke({ _: 'help.getNearestDc' });
      server.handle('help.getNearestDc', (_r, ctx) => {
        ctx.pushUpdates(4242, { _: 'updatesTooLong' }, { excludeCaller: true });
        return nearest;
      });
      await c1.invoke({ _: 'help.getNearestDc' });
      const upd = await c2.waitFor((m) => m.obj?._ === 'updatesTooLong');
      assert.equal(upd.msgId % 4n, 3n);
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(c1.received.some((m) => m.obj?._ === 'updatesTooLong'), false, 'caller excluded');
      assert.equal(server.userOfAuthKey(c2.authKeyIdForTest()), 4242);
    } finally {
      server.handle('help.getNearestDc', (_r, ctx) => {
        lastCtx = ctx;
        return nearest;
      });
      c1.close();
      c2.close();
    }
  });
});
