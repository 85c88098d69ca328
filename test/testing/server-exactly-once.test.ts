/**
 * The server side of exactly-once delivery (docs/design/contracts.md §5), driven by a scripted
 * client: a duplicate msg_id is never executed again (answered → the stored answer is re-sent;
 * running → its answer comes once), also from a new connection of the same session;
 * msgs_state_req, msg_resend_req and msg_resend_ans_req are answered from the session's table; and
 * one key's traffic cannot evict another key's replay state.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writer, encodeMt } from '../../src/tl/index.js';
import { TestServer } from '../../src/testing/index.js';
import { MAX_SESSIONS_PER_KEY } from '../../src/testing/server/session-table.js';
import { RawClient, rawClientFor } from './server-raw-client.js';
import type { Received } from './server-raw-client.js';

let server: TestServer;
let executed = 0;
/** Calls that wait for `release()` before answering (async handler). */
let gate: Promise<void> = Promise.resolve();
let release: () => void = () => undefined;

before(async () => {
  server = await TestServer.start({ installWorld: false, wsPort: false });
  server.handle('help.getAppConfig', async (req) => {
    executed++;
    if (req.hash === 999) await gate;
    return { _: 'help.appConfig' as const, hash: req.hash, config: { _: 'jsonNull' as const } };
  });
});
after(() => server.close());

const query = (hash: number): Uint8Array => RawClient.encode({ _: 'help.getAppConfig', hash });
const answersTo = (c: RawClient, msgId: bigint): Received[] => c.received.filter((m) => m.rpc?.reqMsgId === msgId);
const settle = (ms = 150): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `msg_resend_ans_req#8610baeb msg_ids:Vector<long>` (core.telegram.org/mtproto/service_messages_about_messages; not in mt.tl). */
function resendAnsReq(ids: bigint[]): Uint8Array {
  const w = new Writer();
  w.uint(0x8610baeb);
  w.uint(0x1cb5c415);
  w.int(ids.length);
  for (const id of ids) w.long(id);
  return w.finish();
}

async function stateOf(c: RawClient, ids: bigint[]): Promise<number[]> {
  const req = c.sendBody(encodeMt({ _: 'msgs_state_req', msgIds: ids }));
  const info = await c.waitFor((m) => m.obj?._ === 'msgs_state_info' && m.obj['reqMsgId'] === req, 3000, 'msgs_state_info');
  return [...(info.obj!['info'] as Uint8Array)];
}

describe('exactly once on the server', { timeout: 60_000 }, () => {
  it('a duplicate of an answered query is answered again from the stored answer, not executed', async () => {
    const c = await rawClientFor(server);
    try {
      await c.invoke({ _: 'help.getAppConfig', hash: 1 });
      const before = executed;
      const id = c.sendBody(query(2));
      await c.result(id);
      c.sendBody(query(2), { msgId: id });
      await c.waitFor((m) => answersTo(c, id).length === 2 && m.rpc?.reqMsgId === id, 3000, 'the re-sent answer');
      assert.equal(executed - before, 1);
      assert.deepEqual(answersTo(c, id)[1]!.rpc!.result, answersTo(c, id)[0]!.rpc!.result);
    } finally {
      c.close();
    }
  });

  it('a duplicate of a running query changes nothing: its answer comes once', async () => {
    const c = await rawClientFor(server);
    try {
      await c.invoke({ _: 'help.getAppConfig', hash: 1 });
      gate = new Promise((r) => (release = r));
      const before = executed;
      const id = c.sendBody(query(999));
      await settle();
      c.sendBody(query(999), { msgId: id });
      await settle();
      assert.deepEqual(await stateOf(c, [id]), [4 | 8 | 32], 'received, acknowledged, being processed');
      release();
      await c.result(id);
      await settle();
      assert.equal(answersTo(c, id).length, 1);
      assert.equal(executed - before, 1);
    } finally {
      release();
      c.close();
    }
  });

  it('after a reconnect (same key and session) the original msg_id gets the stored answer', async () => {
    const c = await rawClientFor(server);
    try {
      await c.invoke({ _: 'help.getAppConfig', hash: 1 });
      const before = executed;
      const id = c.sendBody(query(3));
      await c.result(id);
      c.close();
      const o = server.clientOptions();
      const again = await RawClient.connect({ host: o.host, port: o.port, dcId: o.dcId, authKey: c.authKey, salt: c.salt });
      try {
        again.sessionId = c.sessionId;
        again.sendBody(query(3), { msgId: id, seqNo: 1 });
        const re = await again.result(id);
        assert.deepEqual(re.rpc!.result, answersTo(c, id)[0]!.rpc!.result);
        assert.equal(executed - before, 1);
        assert.ok(!again.received.some((m) => m.obj?._ === 'new_session_created'), 'the session went on');
      } finally {
        again.close();
      }
    } finally {
      c.close();
    }
  });

  it('msgs_state_req: answered (+128 once the answer is acknowledged), unknown, too high, too low', async () => {
    const c = await rawClientFor(server);
    try {
      const first = c.sendBody(query(10));
      await c.result(first);
      const id = c.sendBody(query(11));
      const answer = await c.result(id);
      const never = c.ids.next(); // inside the window, never sent
      const future = (BigInt(Math.floor(Date.now() / 1000) + 120) << 32n) & ~3n;
      const early = first - (1n << 32n); // a second before the session's first message
      assert.deepEqual(await stateOf(c, [id, never, future, early]), [4 | 8 | 32 | 64, 2, 3, 1]);
      c.sendBody(encodeMt({ _: 'msgs_ack', msgIds: [answer.msgId] }));
      assert.deepEqual(await stateOf(c, [id]), [4 | 8 | 32 | 64 | 128], 'the client has the answer');
    } finally {
      c.close();
    }
  });

  it('msg_resend_ans_req re-sends the answer; msg_resend_req re-sends our message byte for byte', async () => {
    const c = await rawClientFor(server);
    try {
      const before = executed;
      const id = c.sendBody(query(20));
      const answer = await c.result(id);
      c.sendBody(resendAnsReq([id]));
      await c.waitFor(() => answersTo(c, id).length === 2, 3000, 'the answer again');
      assert.deepEqual(answersTo(c, id)[1]!.rpc!.result, answer.rpc!.result);
      c.sendBody(encodeMt({ _: 'msg_resend_req', msgIds: [answer.msgId] }));
      await c.waitFor(() => c.received.filter((m) => m.msgId === answer.msgId).length === 2, 3000, 'the same message again');
      assert.equal(executed - before, 1);
    } finally {
      c.close();
    }
  });

  it(`one key's ${MAX_SESSIONS_PER_KEY * 30} sessions evict none of another key's replay state`, async () => {
    const victim = await rawClientFor(server);
    const attacker = await rawClientFor(server);
    try {
      const id = victim.sendBody(query(30));
      await victim.result(id);
      const before = executed;
      for (let i = 0; i < MAX_SESSIONS_PER_KEY * 30; i++) attacker.sendBody(encodeMt({ _: 'ping', pingId: BigInt(i) }), { sessionId: BigInt(i + 1) });
      const probe = attacker.send({ _: 'help.getAppConfig', hash: 31 });
      await attacker.result(probe, 10_000);
      assert.ok(server.stats.sessions <= 2 * MAX_SESSIONS_PER_KEY + 10, `sessions stay bounded per key: ${server.stats.sessions}`);
      victim.sendBody(query(30), { msgId: id }); // the captured packet, replayed
      await victim.waitFor(() => answersTo(victim, id).length === 2, 3000, 'the stored answer');
      assert.equal(executed - before, 1, 'only the probe ran; the replay was not executed');
    } finally {
      victim.close();
      attacker.close();
    }
  });
});
