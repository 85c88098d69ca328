import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadMessageError, msgIdFromTime } from '../../src/mtproto/index.js';
import { encode } from '../../src/tl/index.js';
import { ManualClock, ScriptedServer, body } from '../helpers/scripted-server.js';
import { generateRsaKeyPair } from '../../src/testing/crypto/node-crypto.js';
import { makeSession } from './setup.js';

const hashOf = (r: unknown) => (r as { hash: number }).hash;

test('bad_server_salt: new salt stored and persisted, request resent with a new msg_id', async () => {
  const server = new ScriptedServer();
  const keys: bigint[] = [];
  const session = makeSession(server, { onKey: (k) => keys.push(k.salt) });
  await session.start();
  server.onFirstRequest('help.getAppConfig', (m) => {
    server.send(body.badServerSalt(m.msgId, m.seqNo, 0x5a5an));
  });
  const out = await session.invoke({ _: 'help.getAppConfig', hash: 9 });
  assert.equal(hashOf(out), 9);
  const sent = server.requests('help.getAppConfig');
  assert.equal(sent.length, 2);
  assert.notEqual(sent[0]!.msgId, sent[1]!.msgId);
  assert.equal(sent[1]!.salt, 0x5a5an);
  assert.equal(session.salt, 0x5a5an);
  assert.deepEqual(keys, [0x5a5an]);
  await session.close();
});

test('time skew: bad_msg_notification 17 corrects the offset (even outside the window) and resends', async () => {
  const skewMs = 1000_000; // client clock 1000 s ahead of the server
  const server = new ScriptedServer();
  const clock = { now: () => Date.now() + skewMs, setTimeout, clearTimeout };
  const session = makeSession(server, { clock });
  await session.start();
  server.onFirstRequest('help.getAppConfig', (m) => {
    server.send(body.badMsg(m.msgId, m.seqNo, 17));
  });
  const out = await session.invoke({ _: 'help.getAppConfig', hash: 3 });
  assert.equal(hashOf(out), 3);
  assert.ok(Math.abs(session.timeOffset + 1000) <= 2, `offset ${session.timeOffset}`);
  const [bad, good] = server.requests('help.getAppConfig');
  assert.ok(Number(bad!.msgId >> 32n) - Date.now() / 1000 > 900);
  assert.ok(Math.abs(Number(good!.msgId >> 32n) - Date.now() / 1000) < 3);
  await session.close();
});

test('bad_msg_notification 32/33 start a new session and resend', async () => {
  for (const code of [32, 33]) {
    const server = new ScriptedServer();
    const session = makeSession(server);
    await session.start();
    const before = session.sessionId;
    server.onFirstRequest('help.getAppConfig', (m) => {
      server.send(body.badMsg(m.msgId, m.seqNo, code));
      server.sessionId = undefined; // learn the new session id from the resend
    });
    const out = await session.invoke({ _: 'help.getAppConfig', hash: code });
    assert.equal(hashOf(out), code);
    assert.notEqual(session.sessionId, before);
    const [, again] = server.requests('help.getAppConfig');
    assert.equal(again!.sessionId, session.sessionId);
    assert.equal(again!.seqNo, 1, 'seqno restarts in the new session');
    await session.close();
  }
});

test('bad_msg_notification 18/20/35 reject the call with BadMessageError', async () => {
  for (const code of [18, 20, 35]) {
    const server = new ScriptedServer();
    server.filter = (m) => {
      if (m.query?._ !== 'help.getAppConfig') return false;
      server.send(body.badMsg(m.msgId, m.seqNo, code));
      return true;
    };
    const session = makeSession(server);
    await session.start();
    await assert.rejects(session.invoke({ _: 'help.getAppConfig', hash: 1 }), (e: unknown) => e instanceof BadMessageError && e.code === code);
    await session.close();
  }
});

test('bad_msg_notification 64 about a container: its messages are resent outside containers', async () => {
  const server = new ScriptedServer();
  const session = makeSession(server);
  await session.start();
  let rejected = false;
  server.filter = (m) => {
    if (m.query?._ !== 'help.getAppConfig' || m.containerId === undefined || rejected) return false;
    rejected = true;
    server.send(body.badMsg(m.containerId, 0, 64));
    return true;
  };
  const out = await Promise.all([1, 2].map((hash) => session.invoke({ _: 'help.getAppConfig', hash })));
  assert.deepEqual(out.map(hashOf), [1, 2]);
  const resent = server.requests('help.getAppConfig').filter((m) => m.containerId === undefined);
  assert.ok(resent.length >= 2, 'resent one by one');
  await session.close();
});

test('msg_resend_req: the named request goes again and is answered once', async () => {
  const server = new ScriptedServer();
  const session = makeSession(server);
  await session.start();
  server.onFirstRequest('help.getAppConfig', (m) => {
    server.send(body.resendReq([m.msgId]));
  });
  assert.equal(hashOf(await session.invoke({ _: 'help.getAppConfig', hash: 4 })), 4);
  const [first, copy] = server.requests('help.getAppConfig');
  assert.equal(server.requests('help.getAppConfig').length, 2);
  assert.equal(copy!.msgId, first!.msgId, 'the copy keeps the msg_id the server asked for');
  assert.ok(copy!.containerId! > first!.msgId, 'in a container with a newer id');
  await session.close();
});

test('msgs_state_req from the server is answered with msgs_state_info', async () => {
  const server = new ScriptedServer();
  const session = makeSession(server);
  await session.start();
  await session.invoke({ _: 'help.getAppConfig', hash: 1 }); // the server learns the session id
  const updateId = server.send(encode({ _: 'updatesTooLong' }));
  await server.waitFor((m) => m.obj?._ === 'msgs_ack');
  const reqId = server.send(body.stateReq([updateId, updateId + 4n]));
  const info = await server.waitFor((m) => m.obj?._ === 'msgs_state_info');
  const obj = info.obj as { reqMsgId: bigint; info: Uint8Array };
  assert.equal(obj.reqMsgId, reqId);
  assert.deepEqual([...obj.info], [4, 1]);
  await session.close();
});

test('new_session_created for a session not seen before: salt taken, a request it never received goes again under a new id', async () => {
  const server = new ScriptedServer();
  const session = makeSession(server);
  await session.start();
  server.onFirstRequest('help.getAppConfig', (m) => {
    server.send(body.newSession(m.msgId + 4n, 0x777n));
  });
  assert.equal(hashOf(await session.invoke({ _: 'help.getAppConfig', hash: 8 })), 8);
  assert.equal(session.salt, 0x777n);
  const [lost, again] = server.requests('help.getAppConfig');
  assert.equal(server.requests('help.getAppConfig').length, 2);
  assert.ok(again!.msgId > lost!.msgId + 4n, 'a new id, above the first of the new session');
  await session.close();
});

test('messages with a wrong session id, a duplicate msg_id or outside the time window are ignored', async () => {
  const server = new ScriptedServer({ auto: false });
  const updates: unknown[] = [];
  const session = makeSession(server, { onUpdate: (u) => updates.push(u) });
  await session.start();
  const call = session.invoke({ _: 'help.getAppConfig', hash: 2 });
  const m = await server.waitFor((r) => r.query?._ === 'help.getAppConfig');
  const result = (hash: number) => body.rpcResult(m.msgId, encode({ _: 'help.appConfig', hash, config: { _: 'jsonNull' } }));
  server.send(result(100), { sessionId: 12345n }); // wrong session
  server.send(result(101), { msgId: (msgIdFromTime(Date.now() - 400_000) & ~3n) | 1n }); // too old
  server.send(result(102), { msgId: (msgIdFromTime(Date.now() + 60_000) & ~3n) | 1n }); // too new
  server.send(result(103), { msgId: msgIdFromTime(Date.now()) & ~3n }); // client parity
  const dup = server.send(encode({ _: 'updatesTooLong' }));
  server.send(encode({ _: 'updatesTooLong' }), { msgId: dup }); // duplicate
  server.send(result(2));
  assert.equal(hashOf(await call), 2);
  assert.equal(updates.length, 1);
  await session.close();
});

test('future_salts: requested on the housekeeping tick, stored and rotated in', async () => {
  const clock = new ManualClock();
  const server = new ScriptedServer({ now: clock.now });
  const nowS = Math.floor(clock.now() / 1000);
  server.filter = (m) => {
    if (m.obj?._ !== 'get_future_salts') return false;
    server.send(
      encode({
        _: 'future_salts',
        reqMsgId: m.msgId,
        now: nowS,
        salts: [
          { _: 'future_salt', validSince: nowS - 10, validUntil: nowS + 3600, salt: 0xaaan },
          { _: 'future_salt', validSince: nowS + 3600, validUntil: nowS + 7200, salt: 0xbbbn },
        ],
      } as never),
    );
    return true;
  };
  const session = makeSession(server, { clock, pingIntervalMs: 1000 });
  await session.start();
  clock.advance(1000);
  await server.waitFor((m) => m.obj?._ === 'get_future_salts');
  for (let i = 0; i < 10 && session.salt !== 0xaaan; i++) await new Promise((r) => setImmediate(r));
  assert.equal(session.salt, 0xaaan);
  await session.close();
});

test('msg_detailed_info: a received answer is acknowledged, a missing one is asked for again', async () => {
  const server = new ScriptedServer();
  const session = makeSession(server);
  await session.start();
  await session.invoke({ _: 'help.getAppConfig', hash: 1 });
  const known = server.send(encode({ _: 'updatesTooLong' }));
  await server.waitFor((m) => m.obj?._ === 'msgs_ack' && (m.obj as { msgIds: bigint[] }).msgIds.includes(known));
  server.send(encode({ _: 'msg_new_detailed_info', answerMsgId: known, bytes: 16, status: 0 }));
  await server.waitForNext((m) => m.obj?._ === 'msgs_ack' && (m.obj as { msgIds: bigint[] }).msgIds.includes(known));
  const missing = known + 400n;
  server.send(encode({ _: 'msg_detailed_info', msgId: 4n, answerMsgId: missing, bytes: 16, status: 0 }));
  const resend = await server.waitFor((m) => m.obj?._ === 'msg_resend_req');
  assert.deepEqual((resend.obj as { msgIds: bigint[] }).msgIds, [missing]);
  await session.close();
});

test('destroySession resolves with the server answer', async () => {
  const server = new ScriptedServer();
  server.filter = (m) => {
    if (m.obj?._ !== 'destroy_session') return false;
    server.send(encode({ _: 'destroy_session_none', sessionId: (m.obj as { sessionId: bigint }).sessionId }));
    return true;
  };
  const session = makeSession(server);
  await session.start();
  assert.equal(await session.destroySession(42n), 'none');
  await session.close();
});

test('real key exchange on start (ServerKeyExchange), then RPC over the new key', async () => {
  const pair = generateRsaKeyPair();
  const server = new ScriptedServer({ exchange: { keys: [{ privateKeyPem: pair.privateKeyPem, publicKey: pair.publicKey }], dcId: 2 } });
  const saved: Array<{ authKey: Uint8Array; salt: bigint }> = [];
  const session = makeSession(server, { authKey: undefined, salt: undefined, publicKeys: [pair.publicKey], onKey: (k) => saved.push(k) });
  await session.start();
  assert.ok(server.keyReady);
  assert.deepEqual(session.authKey, server.authKey);
  assert.equal(session.salt, server.salt);
  assert.deepEqual(saved[0]!.authKey, server.authKey);
  assert.equal(hashOf(await session.invoke({ _: 'help.getAppConfig', hash: 21 })), 21);
  await session.close();
});
