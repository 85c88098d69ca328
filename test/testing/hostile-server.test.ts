// One hostile connection must never disturb the other clients of the server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect as netConnect } from 'node:net';
import { randomBytes } from '../../src/crypto/index.js';
import { TestServer } from '../../src/testing/index.js';
import { connect } from '../../src/transport/index.js';
import { RawClient } from './server-raw-client.js';

const nearest = { _: 'nearestDc', country: 'NL', thisDc: 2, nearestDc: 2 } as const;
const CLIENTS = 50;

/** Writes raw bytes on a plain TCP socket; resolves when the server closes it (true) or after 3 s (false). */
function rawSocket(port: number, bytes: Uint8Array): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = netConnect({ host: '127.0.0.1', port }, () => sock.write(bytes));
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(false);
    }, 3000);
    sock.on('error', () => {});
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
    sock.on('data', () => {});
  });
}

describe('hostile input', () => {
  let server: TestServer;
  const clients: RawClient[] = [];
  let calls = 0;
  let inviteTextCalls = 0;
  before(async () => {
    server = await TestServer.start({ installWorld: false, wsPort: false, maxFrameSize: 1 << 20 });
    server.handle('help.getNearestDc', () => {
      calls++;
      return nearest;
    });
    server.handle('help.getInviteText', () => {
      inviteTextCalls++;
      return { _: 'help.inviteText' as const, message: 'join' };
    });
    const co = server.clientOptions();
    for (let i = 0; i < CLIENTS; i++) {
      const key = randomBytes(256);
      server.importAuthKey(key);
      clients.push(await RawClient.connect({ host: co.host, port: co.port, dcId: 2, authKey: key, salt: 0n, codec: i % 2 ? 'abridged' : 'intermediate', obfuscated: i % 3 === 0 }));
    }
    await Promise.all(clients.map((c) => c.invoke({ _: 'help.getNearestDc' })));
  });
  after(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it('50 clients keep being served while garbage arrives; only the bad connections close', async () => {
    const co = server.clientOptions();
    const port = co.port;
    let serving = true;
    const rounds = (async () => {
      let n = 0;
      while (serving && n < 200) {
        await Promise.all(clients.map((c) => c.invoke({ _: 'help.getNearestDc' })));
        n++;
      }
      return n;
    })();

    // 1. random bytes instead of a transport init
    const garbage = Promise.all(Array.from({ length: 5 }, () => rawSocket(port, randomBytes(200))));
    // 2. oversize frame: intermediate tag then a 512 MiB length
    const oversize = rawSocket(port, Uint8Array.from([0xee, 0xee, 0xee, 0xee, 0x00, 0x00, 0x00, 0x20]));

    // 3. unknown auth_key_id → −404 then close
    const unknown = await connect({ type: 'tcp', codec: 'intermediate', obfuscated: false, host: co.host, port, dcId: 2 });
    const unknownClosed = new Promise<Error | undefined>((r) => unknown.onClose(r));
    unknown.onPacket(() => {});
    unknown.send(randomBytes(72));
    const err = await unknownClosed;
    assert.equal((err as { code?: number } | undefined)?.code, -404, 'transport error -404');

    // 4. a known auth_key_id with a forged msg_key / body
    const forged = await connect({ type: 'tcp', codec: 'intermediate', obfuscated: true, host: co.host, port, dcId: 2 });
    const forgedClosed = new Promise<void>((r) => forged.onClose(() => r()));
    forged.onPacket(() => {});
    const packet = randomBytes(88);
    packet.set(new Uint8Array(new BigInt64Array([clients[0]!.authKeyIdForTest()]).buffer), 0);
    forged.send(packet);
    await forgedClosed;

    // 5. a replay of a victim's packet on another connection is never executed a second time (at most
    // the stored answer is sent again, which only the key holder can read)
    const victimKey = randomBytes(256);
    server.importAuthKey(victimKey);
    const victim = await RawClient.connect({ host: co.host, port, dcId: 2, authKey: victimKey, salt: 0n });
    await victim.invoke({ _: 'help.getNearestDc' }); // learns the salt
    const replayed = await RawClient.connect({ host: co.host, port, dcId: 2, authKey: victim.authKey, salt: victim.salt });
    replayed.sessionId = victim.sessionId;
    const msgId = victim.ids.next();
    const body = RawClient.encode({ _: 'help.getInviteText' });
    victim.sendBody(body, { msgId, seqNo: victim.seq.next(true) });
    await victim.result(msgId);
    replayed.sendBody(body, { msgId, seqNo: 1 });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(inviteTextCalls, 1, 'the replayed query was not run again');
    assert.ok(replayed.received.filter((m) => m.rpc?.reqMsgId === msgId).length <= 1, 'at most the stored answer again');
    replayed.close();
    assert.deepEqual(await victim.invoke({ _: 'help.getNearestDc' }), nearest, 'the victim is served on');
    victim.close();

    assert.deepEqual(await garbage, [true, true, true, true, true], 'garbage connections closed');
    assert.equal(await oversize, true, 'oversize frame closed');
    serving = false;
    const n = await rounds;
    assert.ok(n >= 1, 'clients were served during the attack');
    await Promise.all(clients.map(async (c) => assert.deepEqual(await c.invoke({ _: 'help.getNearestDc' }), nearest)));
    assert.equal(clients.every((c) => !c.conn.closed), true, 'no good client lost its connection');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(server.stats.connections, CLIENTS);
  });
});
