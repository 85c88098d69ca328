import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { ConnectionFailedError } from '../../src/mtproto/index.js';
import { CancelledError, ClosedError, OutcomeUnknownError, TimeoutError } from '../../src/errors.js';
import { ManualClock, ScriptedServer, body } from '../helpers/scripted-server.js';
import type { ReceivedMessage } from '../helpers/scripted-server.js';
import { makeSession } from './setup.js';

const hashOf = (r: unknown) => (r as { hash: number }).hash;

async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await tick();
}

test('a packet that fails decryption drops the connection; the call goes again on the new one under its msg_id', async () => {
  const server = new ScriptedServer();
  const session = makeSession(server);
  await session.start();
  server.onFirstRequest('help.getAppConfig', (m) => {
    server.connection.send(new Uint8Array(64).fill(0xab)); // garbage instead of an answer
  });
  assert.equal(hashOf(await session.invoke({ _: 'help.getAppConfig', hash: 6 })), 6);
  assert.equal(server.connections.length, 2);
  const [a, b] = server.requests('help.getAppConfig');
  assert.equal(a!.connection, 0);
  assert.equal(b!.connection, 1);
  assert.equal(b!.msgId, a!.msgId, 'the same message goes again (the server never acknowledged it)');
  assert.ok(b!.wrapped, 'byte for byte: still wrapped');
  await session.close();
});

test('after a reconnect an unacknowledged call goes again under its own msg_id; the state of both is asked', async () => {
  const server = new ScriptedServer({ auto: false });
  const session = makeSession(server);
  await session.start();
  const acked = session.invoke({ _: 'help.getAppConfig', hash: 1 });
  const unacked = session.invoke({ _: 'help.getAppConfig', hash: 2 });
  const m1 = await server.waitFor((m) => m.query?._ === 'help.getAppConfig' && hashOf(m.query) === 1);
  const m2 = await server.waitFor((m) => m.query?._ === 'help.getAppConfig' && hashOf(m.query) === 2);
  server.send(body.ack([m1.msgId]));
  await settle();
  server.cut();
  const again = await server.waitFor((m) => m.connection === 1 && m.query?._ === 'help.getAppConfig');
  assert.equal(hashOf(again.query), 2, 'only the unacknowledged call is sent again');
  assert.equal(again.msgId, m2.msgId, 'under its original msg_id');
  assert.equal(again.seqNo, m2.seqNo, 'and seqno');
  assert.ok(again.containerId !== undefined && again.containerId > m2.msgId, 'inside a container with a newer id');
  const state = await server.waitFor((m) => m.obj?._ === 'msgs_state_req');
  assert.deepEqual(new Set((state.obj as { msgIds: bigint[] }).msgIds), new Set([m1.msgId, m2.msgId]));
  // the server still has both calls and answers them on the new connection
  server.send(body.stateInfo(state.msgId, [4 | 32, 4 | 32]));
  server.reply(m1, { _: 'help.appConfig', hash: 1, config: { _: 'jsonNull' } });
  server.reply(m2, { _: 'help.appConfig', hash: 2, config: { _: 'jsonNull' } });
  assert.deepEqual([hashOf(await acked), hashOf(await unacked)], [1, 2]);
  assert.equal(server.requests('help.getAppConfig').filter((m) => hashOf(m.query) === 1).length, 1);
  await session.close();
});

test('msgs_state_info "not received" (2, 3) sends the call under a new msg_id; "nothing known" (1) is an unknown outcome', async () => {
  for (const status of [2, 3, 1]) {
    const server = new ScriptedServer({ auto: false });
    const session = makeSession(server);
    await session.start();
    const call = session.invoke({ _: 'help.getAppConfig', hash: 5 });
    const m = await server.waitFor((r) => r.query?._ === 'help.getAppConfig');
    server.send(body.ack([m.msgId]));
    await settle();
    server.cut();
    const state = await server.waitFor((r) => r.obj?._ === 'msgs_state_req');
    server.send(body.stateInfo(state.msgId, [status]));
    if (status === 1) {
      await assert.rejects(call, (e: unknown) => e instanceof OutcomeUnknownError && e.method === 'help.getAppConfig');
      assert.equal(server.requests('help.getAppConfig').length, 1, 'never sent again');
    } else {
      const again = await server.waitFor((r) => r.connection === 1 && r.query?._ === 'help.getAppConfig');
      assert.notEqual(again.msgId, m.msgId, 'a new msg_id');
      assert.ok(again.msgId > state.msgId);
      server.reply(again, { _: 'help.appConfig', hash: 5, config: { _: 'jsonNull' } });
      assert.equal(hashOf(await call), 5);
    }
    await session.close();
  }
});

test('connection cut with 100 calls in flight: every call resolves exactly once, none executed twice', async () => {
  const server = new ScriptedServer({ auto: false });
  const session = makeSession(server);
  await session.start();
  const executed = new Map<number, number>();
  const answers = new Map<bigint, number>();
  const answer = (m: ReceivedMessage) => {
    const hash = hashOf(m.query);
    answers.set(m.msgId, hash);
    server.reply(m, { _: 'help.appConfig', hash, config: { _: 'jsonNull' } });
  };
  const execute = (m: ReceivedMessage) => {
    const hash = hashOf(m.query);
    executed.set(hash, (executed.get(hash) ?? 0) + 1);
  };
  // first connection: receive everything, acknowledge calls 0..59, execute 0..59, answer 0..29, then cut
  let phase = 1;
  server.filter = (m) => {
    if (phase !== 1 || m.query?._ !== 'help.getAppConfig') return false;
    const hash = hashOf(m.query);
    if (hash < 60) execute(m);
    return true;
  };
  const calls = Array.from({ length: 100 }, (_, hash) => session.invoke({ _: 'help.getAppConfig', hash }));
  const settled = new Map<number, number>();
  calls.forEach((p, i) => p.then(() => settled.set(i, (settled.get(i) ?? 0) + 1), () => settled.set(i, -1)));
  while (server.requests('help.getAppConfig').length < 100) await server.waitForNext(() => true);
  const firstRound = server.requests('help.getAppConfig');
  server.send(body.ack(firstRound.filter((m) => hashOf(m.query) < 60).map((m) => m.msgId)));
  for (const m of firstRound) if (hashOf(m.query) < 30) answer(m);
  await settle(10);
  assert.equal(settled.size, 30);
  phase = 2;
  // second connection: answer msgs_state_req (the server has 30..59), deliver their stored answers,
  // and execute whatever is resent
  server.filter = (m) => {
    if (m.obj?._ === 'msgs_state_req') {
      const ids = (m.obj as { msgIds: bigint[] }).msgIds;
      server.send(body.stateInfo(m.msgId, ids.map(() => 4 | 32)));
      for (const id of ids) {
        const original = firstRound.find((r) => r.msgId === id)!;
        answer(original);
      }
      return true;
    }
    if (m.query?._ === 'help.getAppConfig') {
      execute(m);
      answer(m);
      return true;
    }
    return false;
  };
  server.cut();
  const results = await Promise.all(calls);
  assert.deepEqual(results.map(hashOf), Array.from({ length: 100 }, (_, i) => i));
  await settle(10);
  assert.equal(settled.size, 100);
  assert.ok([...settled.values()].every((n) => n === 1));
  for (let i = 0; i < 100; i++) assert.equal(executed.get(i), 1, `call ${i} executed once`);
  assert.equal(session.pendingCount, 0);
  await session.close();
});

test('cancellation: a sent call is rejected and rpc_drop_answer goes out; a queued one never leaves', async () => {
  const server = new ScriptedServer({ auto: false });
  const session = makeSession(server);
  await session.start();
  const ctrl = new AbortController();
  const call = session.invoke({ _: 'help.getAppConfig', hash: 1 }, { signal: ctrl.signal });
  const m = await server.waitFor((r) => r.query?._ === 'help.getAppConfig');
  ctrl.abort(new Error('user gave up'));
  await assert.rejects(call, (e: unknown) => e instanceof CancelledError);
  const drop = await server.waitFor((r) => r.obj?._ === 'rpc_drop_answer');
  assert.equal((drop.obj as { reqMsgId: bigint }).reqMsgId, m.msgId);
  // a late answer is ignored
  server.reply(m, { _: 'help.appConfig', hash: 1, config: { _: 'jsonNull' } });

  const ctrl2 = new AbortController();
  const queued = session.invoke({ _: 'help.getAppConfig', hash: 2 }, { signal: ctrl2.signal });
  ctrl2.abort();
  await assert.rejects(queued, CancelledError);
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(session.invoke({ _: 'help.getAppConfig', hash: 3 }, { signal: aborted.signal }), CancelledError);
  await settle(5);
  assert.equal(server.requests('help.getAppConfig').length, 1);
  assert.equal(session.pendingCount, 0);
  await session.close();
});

test('timeouts (virtual clock): the call fails with TimeoutError and the answer is dropped', async () => {
  const clock = new ManualClock();
  const server = new ScriptedServer({ auto: false, now: clock.now });
  const session = makeSession(server, { clock, requestTimeoutMs: 30_000 });
  await session.start();
  const short = session.invoke({ _: 'help.getAppConfig', hash: 1 }, { timeout: 5_000 });
  const long = session.invoke({ _: 'help.getAppConfig', hash: 2 });
  await server.waitFor((r) => r.query?._ === 'help.getAppConfig' && hashOf(r.query) === 2);
  clock.advance(5_000);
  await assert.rejects(short, (e: unknown) => e instanceof TimeoutError && e.timeoutMs === 5_000);
  clock.advance(25_000);
  await assert.rejects(long, TimeoutError);
  await server.waitFor((r) => r.obj?._ === 'rpc_drop_answer');
  await session.close();
  assert.equal(clock.pendingTimers, 0, 'no timer left behind');
});

test('pings (virtual clock): ping_delay_disconnect every interval; a missing pong means reconnect', async () => {
  const clock = new ManualClock();
  const server = new ScriptedServer({ now: clock.now });
  const session = makeSession(server, { clock, pingIntervalMs: 10_000 });
  await session.start();
  clock.advance(10_000);
  const ping = await server.waitFor((m) => m.obj?._ === 'ping_delay_disconnect');
  assert.equal((ping.obj as { disconnectDelay: number }).disconnectDelay, 25);
  await settle(5); // pong arrives
  clock.advance(10_000);
  await server.waitForNext((m) => m.obj?._ === 'ping_delay_disconnect');
  // the server stops answering pings: at the next tick the connection is declared dead
  server.filter = (m) => m.obj?._ === 'ping_delay_disconnect';
  await settle(5);
  clock.advance(10_000);
  await server.waitForNext((m) => m.obj?._ === 'ping_delay_disconnect');
  clock.advance(10_000);
  await settle(5);
  clock.advance(1_000); // reconnect backoff
  await settle(10);
  assert.equal(server.connections.length, 2);
  assert.equal(session.state, 'ready');
  await session.close();
  assert.equal(clock.pendingTimers, 0);
});

test('connection failures: bounded attempts, then ConnectionFailedError; a later call reconnects', async () => {
  const server = new ScriptedServer();
  server.failConnects = 100;
  const session = makeSession(server, { reconnect: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 3 } });
  await assert.rejects(session.start(), (e: unknown) => e instanceof ConnectionFailedError && e.attempts === 3);
  assert.equal(session.state, 'disconnected');
  server.failConnects = 0;
  assert.equal(hashOf(await session.invoke({ _: 'help.getAppConfig', hash: 11 })), 11);
  await session.close();
});

test('close() rejects pending calls with ClosedError and leaves nothing running', async () => {
  const server = new ScriptedServer({ auto: false });
  const session = makeSession(server);
  await session.start();
  const call = session.invoke({ _: 'help.getAppConfig', hash: 1 });
  await server.waitFor((r) => r.query?._ === 'help.getAppConfig');
  await session.close();
  await assert.rejects(call, ClosedError);
  await assert.rejects(session.invoke({ _: 'help.getAppConfig', hash: 2 }), ClosedError);
  assert.equal(session.state, 'closed');
  await settle(5);
  assert.ok(server.connection.closed);
});
