// Session table hygiene and seqno leniency of the test server: idle sessions without a connection
// expire, destroy_session forgets one at once, and an odd-seqno msgs_ack (as mtcute sends) is
// accepted silently while the strict seqno rules stay in force for content and containers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from '../../src/crypto/index.js';
import { packContainer } from '../../src/mtproto/index.js';
import { Writer } from '../../src/tl/index.js';
import { TestServer } from '../../src/testing/index.js';
import { RawClient } from './server-raw-client.js';

const nearest = { _: 'nearestDc', country: 'NL', thisDc: 2, nearestDc: 2 } as const;
const MSGS_ACK = 0x62d6b459;
const VECTOR = 0x1cb5c415;

function ackBody(ids: bigint[]): Uint8Array {
  const w = new Writer();
  w.uint(MSGS_ACK);
  w.uint(VECTOR);
  w.int(ids.length);
  for (const id of ids) w.long(id);
  return w.finish();
}

describe('TestServer sessions: expiry and seqno leniency', () => {
  let server: TestServer;
  let extraMs = 0;
  const clients: RawClient[] = [];

  before(async () => {
    server = await TestServer.start({ installWorld: false, wsPort: false, sessionIdleMs: 60_000, clock: { now: () => Date.now() + extraMs } });
    server.handle('help.getNearestDc', () => nearest);
  });
  after(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  async function client(key = randomBytes(256)): Promise<RawClient> {
    server.importAuthKey(key);
    const co = server.clientOptions();
    const c = await RawClient.connect({ host: co.host, port: co.port, dcId: co.dcId, authKey: key, salt: 0n });
    clients.push(c);
    assert.deepEqual(await c.invoke({ _: 'help.getNearestDc' }), nearest);
    return c;
  }

  it('accepts an odd-seqno msgs_ack without bad_msg_notification 34', async () => {
    const c = await client();
    const answered = c.received.filter((m) => m.rpc).map((m) => m.msgId);
    const ackId = c.sendBody(ackBody(answered), { content: true }); // odd seqno
    const pingId = c.send({ _: 'ping', pingId: 77n } as never);
    await c.waitFor((m) => m.obj?._ === 'pong' && m.obj['msgId'] === pingId);
    assert.equal(
      c.received.find((m) => m.obj?._ === 'bad_msg_notification' && m.obj['badMsgId'] === ackId),
      undefined,
      'the ack was not refused',
    );
  });

  it('still refuses an even-seqno content message (35) and an odd-seqno container (34)', async () => {
    const c = await client();
    const bad = c.sendBody(RawClient.encode({ _: 'help.getNearestDc' }), { content: false }); // even seqno
    const n35 = await c.waitFor((m) => m.obj?._ === 'bad_msg_notification' && m.obj['badMsgId'] === bad);
    assert.equal(n35.obj!['errorCode'], 35);
    const inner = [{ msgId: c.ids.next(), seqNo: c.seq.next(true), body: RawClient.encode({ _: 'help.getNearestDc' }) }];
    const container = c.sendBody(packContainer(inner), { content: true }); // odd seqno
    const n34 = await c.waitFor((m) => m.obj?._ === 'bad_msg_notification' && m.obj['badMsgId'] === container);
    assert.equal(n34.obj!['errorCode'], 34);
  });

  it('forgets idle sessions without a connection, keeps connected ones', async () => {
    const idle = await client();
    const live = await client();
    const before = server.stats.sessions;
    assert.ok(before >= 2);
    idle.close();
    await idle.waitClosed();
    // let the server see the close
    for (let i = 0; i < 50 && server.stats.connections >= clients.filter((x) => !x.conn.closed).length + 1; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    extraMs += 30_000;
    assert.equal(server.stats.sessions, before, 'not idle long enough yet');
    extraMs += 40_000;
    const after = server.stats.sessions;
    assert.ok(after < before, `idle session forgotten (${before} → ${after})`);
    // the connected session survived: its next call needs no new_session_created
    const sessionsBefore = live.received.filter((m) => m.obj?._ === 'new_session_created').length;
    extraMs = 0;
    assert.deepEqual(await live.invoke({ _: 'help.getNearestDc' }), nearest);
    assert.equal(live.received.filter((m) => m.obj?._ === 'new_session_created').length, sessionsBefore);
  });

  it('destroy_session forgets the other session at once', async () => {
    const key = randomBytes(256);
    const a = await client(key);
    const co = server.clientOptions();
    const b = await RawClient.connect({ host: co.host, port: co.port, dcId: co.dcId, authKey: key, salt: a.salt });
    clients.push(b);
    assert.deepEqual(await b.invoke({ _: 'help.getNearestDc' }), nearest);
    const count = server.stats.sessions;
    b.send({ _: 'destroy_session', sessionId: a.sessionId } as never);
    await b.waitFor((m) => m.obj?._ === 'destroy_session_ok');
    assert.equal(server.stats.sessions, count - 1);
  });
});
