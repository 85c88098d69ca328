// Exactly once, client side (docs/design/contracts.md §5), checked on the wire with the scripted
// server: which msg_id each copy of a call travels under, and when the outcome is unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { generateRsaKeyPair } from '../../src/testing/crypto/node-crypto.js';
import { OutcomeUnknownError } from '../../src/errors.js';
import { RESEND_WINDOW_SECONDS } from '../../src/mtproto/index.js';
import { ManualClock, ScriptedServer, body } from '../helpers/scripted-server.js';
import type { ReceivedMessage } from '../helpers/scripted-server.js';
import { makeSession } from './setup.js';

const hashOf = (r: unknown) => (r as { hash: number }).hash;
const config = (hash: number) => ({ _: 'help.appConfig' as const, hash, config: { _: 'jsonNull' as const } });
const isCall = (hash: number) => (m: ReceivedMessage) => m.query?._ === 'help.getAppConfig' && hashOf(m.query) === hash;

async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await tick();
}

test('an answer the server already has is asked for with msg_resend_ans_req; the call runs once', async () => {
  const server = new ScriptedServer({ auto: false });
  const session = makeSession(server);
  await session.start();
  const call = session.invoke({ _: 'help.getAppConfig', hash: 7 });
  const sent = await server.waitFor(isCall(7));
  server.send(body.ack([sent.msgId]));
  await settle();
  server.cut(); // the answer is lost with the connection
  const state = await server.waitFor((m) => m.connection === 1 && m.obj?._ === 'msgs_state_req');
  assert.deepEqual((state.obj as { msgIds: bigint[] }).msgIds, [sent.msgId]);
  server.send(body.stateInfo(state.msgId, [4 | 8 | 32 | 64])); // received, answered
  const ask = await server.waitFor((m) => m.obj?._ === 'msg_resend_ans_req');
  assert.deepEqual((ask.obj as { msgIds: bigint[] }).msgIds, [sent.msgId]);
  server.reply(sent, config(7)); // the stored answer, again
  assert.equal(hashOf(await call), 7);
  assert.equal(server.requests('help.getAppConfig').length, 1, 'never sent again');
  await session.close();
});

test('a copy past the server\'s window is not sent again: its state is asked instead', async () => {
  const clock = new ManualClock();
  const server = new ScriptedServer({ auto: false, now: clock.now });
  const session = makeSession(server, { clock });
  await session.start();
  const call = session.invoke({ _: 'help.getAppConfig', hash: 3 });
  const sent = await server.waitFor(isCall(3));
  server.cut();
  await settle();
  clock.advance((RESEND_WINDOW_SECONDS + 10) * 1000); // the reconnect backoff passes, and the window
  const state = await server.waitFor((m) => m.connection === 1 && m.obj?._ === 'msgs_state_req');
  assert.deepEqual((state.obj as { msgIds: bigint[] }).msgIds, [sent.msgId]);
  await settle(10);
  assert.equal(server.requests('help.getAppConfig').length, 1, 'no copy under the old id');
  server.send(body.stateInfo(state.msgId, [2])); // the server never got it: a new id is safe
  const again = await server.waitFor((m) => m.connection === 1 && isCall(3)(m));
  assert.ok(again.msgId > state.msgId);
  server.reply(again, config(3));
  assert.equal(hashOf(await call), 3);
  await session.close();
});

test('new_session_created after the session was confirmed: unanswered calls from before have an unknown outcome', async () => {
  const server = new ScriptedServer({ auto: false });
  const session = makeSession(server);
  await session.start();
  const first = session.invoke({ _: 'help.getAppConfig', hash: 1 });
  server.reply(await server.waitFor(isCall(1)), config(1));
  assert.equal(hashOf(await first), 1); // the server knows this session now
  const lost = session.invoke({ _: 'help.getAppConfig', hash: 2 });
  const m = await server.waitFor(isCall(2));
  // the server lost the session: its first message in the new one came after the call
  server.send(body.newSession((m.containerId ?? m.msgId) + 4n, server.salt));
  await assert.rejects(lost, (e: unknown) => {
    assert.ok(e instanceof OutcomeUnknownError);
    assert.equal(e.method, 'help.getAppConfig');
    assert.deepEqual(e.request, { _: 'help.getAppConfig', hash: 2 });
    return true;
  });
  const later = session.invoke({ _: 'help.getAppConfig', hash: 3 });
  server.reply(await server.waitFor(isCall(3)), config(3));
  assert.equal(hashOf(await later), 3, 'calls after the notice are fine');
  assert.equal(server.requests('help.getAppConfig').filter(isCall(2)).length, 1, 'the lost call never went again');
  await session.close();
});

test('the auth key replaced after -404: the call in flight has an unknown outcome, one still queued goes on the new key', async () => {
  const pair = generateRsaKeyPair();
  const server = new ScriptedServer({ auto: false, exchange: { keys: [{ privateKeyPem: pair.privateKeyPem, publicKey: pair.publicKey }], dcId: 2 } });
  const session = makeSession(server, { authKey: undefined, salt: undefined, publicKeys: [pair.publicKey] });
  await session.start();
  const oldKey = session.authKey;
  const inFlight = session.invoke({ _: 'help.getAppConfig', hash: 1 });
  await server.waitFor(isCall(1));
  server.forgetKey();
  const queued = session.invoke({ _: 'help.getAppConfig', hash: 2 }); // made while disconnected
  await assert.rejects(inFlight, (e: unknown) => e instanceof OutcomeUnknownError && /auth key was replaced/.test(e.reason));
  const sent = await server.waitFor((m) => m.connection === 1 && isCall(2)(m));
  server.reply(sent, config(2));
  assert.equal(hashOf(await queued), 2);
  assert.notDeepEqual(session.authKey, oldKey, 'a new key');
  assert.equal(server.requests('help.getAppConfig').filter(isCall(1)).length, 1, 'never sent again');
  await session.close();
});

test('bad_server_salt about a second copy: the state is asked, no new msg_id', async () => {
  const server = new ScriptedServer({ auto: false });
  const session = makeSession(server);
  await session.start();
  const call = session.invoke({ _: 'help.getAppConfig', hash: 4 });
  const sent = await server.waitFor(isCall(4));
  server.cut();
  const copy = await server.waitFor((m) => m.connection === 1 && isCall(4)(m));
  assert.equal(copy.msgId, sent.msgId);
  // the copy was ignored, but the first one may have arrived
  server.send(body.badServerSalt(copy.containerId!, 0, 0x4242n));
  const state = await server.waitForNext((m) => m.obj?._ === 'msgs_state_req' && m.salt === 0x4242n);
  assert.deepEqual((state.obj as { msgIds: bigint[] }).msgIds, [sent.msgId]);
  server.send(body.stateInfo(state.msgId, [4 | 32]));
  server.reply(sent, config(4));
  assert.equal(hashOf(await call), 4);
  assert.ok(server.requests('help.getAppConfig').every((m) => m.msgId === sent.msgId), 'only ever under its first id');
  await session.close();
});

test('bad_msg_notification 32/33 resets the session: the refused call goes again, others in flight are unknown', async () => {
  const server = new ScriptedServer({ auto: false });
  const session = makeSession(server);
  await session.start();
  const other = session.invoke({ _: 'help.getAppConfig', hash: 1 });
  await server.waitFor(isCall(1));
  const refused = session.invoke({ _: 'help.getAppConfig', hash: 2 });
  const m = await server.waitFor(isCall(2));
  server.send(body.badMsg(m.msgId, m.seqNo, 32));
  server.sessionId = undefined;
  await assert.rejects(other, OutcomeUnknownError);
  const again = await server.waitForNext(isCall(2));
  assert.notEqual(again.sessionId, m.sessionId, 'in the new session');
  assert.notEqual(again.msgId, m.msgId);
  server.reply(again, config(2));
  assert.equal(hashOf(await refused), 2);
  await session.close();
});

test('a first call that never reached a session the server had not created yet runs once in the new one', async () => {
  const server = new ScriptedServer({ auto: false });
  const session = makeSession(server);
  await session.start();
  const call = session.invoke({ _: 'help.getAppConfig', hash: 9 });
  const sent = await server.waitFor(isCall(9));
  server.cut(); // dropped before the server created the session
  const copy = await server.waitFor((m) => m.connection === 1 && isCall(9)(m));
  assert.equal(copy.msgId, sent.msgId);
  // this copy opens the session on the server, which runs it and announces the session
  server.send(body.newSession(copy.containerId!, server.salt));
  server.reply(copy, config(9));
  assert.equal(hashOf(await call), 9);
  await settle(5);
  assert.equal(server.requests('help.getAppConfig').length, 2, 'the copy only: nothing under a new id');
  await session.close();
});
