/**
 * The MTProto HTTP transport: `POST /api` with one packet per body, long polling with
 * `http_wait`, transport errors as HTTP statuses, parallel keep-alive sockets; and a client on
 * HTTP receiving a pushed update through its long poll.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../../src/client/client.js';
import { TransportError, connect } from '../../src/transport/index.js';
import { listenHttp } from '../../src/transport/server.js';
import type { Listener, PacketConnection } from '../../src/transport/index.js';
import { TestServer } from '../../src/testing/index.js';
import { inputPeer } from '../../src/testing/world/seed.js';

/** A packet shaped like an encrypted MTProto one of auth key `key` (the group of default grouping). */
function packet(key: number, n: number, tag: number): Uint8Array {
  const p = new Uint8Array(n);
  p[0] = key;
  p[8] = tag;
  return p;
}

describe('HTTP transport, packet level', () => {
  let listener: Listener;
  const serverConns: PacketConnection[] = [];
  const arrived: Array<(c: PacketConnection) => void> = [];

  before(async () => {
    listener = await listenHttp(
      {},
      (conn) => {
        serverConns.push(conn);
        arrived.shift()?.(conn);
      },
      {
        inspect: (p) => ({
          group: `key:${p[0]}`,
          // key 9: long polls expire at once and get a marker packet instead of an empty container
          ...(p[0] === 9 ? { wait: { maxDelay: 0, waitAfter: 0, maxWait: 1 }, emptyAnswer: () => packet(9, 24, 0xee) } : {}),
        }),
      },
    );
  });
  after(async () => {
    await listener.close();
  });

  function dial(sockets?: number): Promise<PacketConnection> {
    return connect({ type: 'http', codec: 'intermediate', obfuscated: false, host: '127.0.0.1', port: listener.address.port, dcId: 2, ...(sockets ? { httpSockets: sockets } : {}) });
  }

  test('each packet is one POST; the answer is one response; what the server sends while nobody asks waits for the next request', async () => {
    const client = await dial();
    assert.equal(client.info.type, 'http');
    const got: number[] = [];
    const received = new Promise<void>((resolve) => client.onPacket((p) => (got.push(p[8]!), got.length === 2 && resolve())));
    const server = new Promise<PacketConnection>((r) => arrived.push(r));
    client.send(packet(1, 40, 1));
    const conn = await server;
    conn.onPacket((p) => {
      if (p[8] === 1) {
        conn.send(packet(1, 24, 101)); // answers request 1
        conn.send(packet(1, 24, 102)); // nobody is asking: queued
      }
    });
    // The client is idle after the first answer: its long poll collects the queued packet.
    client.onIdle!(() => client.send(packet(1, 24, 2)));
    await received;
    assert.deepEqual(got, [101, 102]);
    client.close();
  });

  test('an expired long poll gets the empty answer; a transport error is an HTTP status', async () => {
    const client = await dial();
    const marker = new Promise<number>((resolve) => client.onPacket((p) => resolve(p[8]!)));
    client.send(packet(9, 40, 1));
    assert.equal(await marker, 0xee);
    const other = await dial();
    const server = new Promise<PacketConnection>((r) => arrived.push(r));
    other.send(packet(3, 40, 1));
    const conn = await server;
    const closed = new Promise<Error | undefined>((r) => other.onClose(r));
    conn.send(Uint8Array.of(0x6c, 0xfe, 0xff, 0xff)); // −404
    const err = await closed;
    assert.ok(err instanceof TransportError && err.kind === 'server-code' && err.code === -404, String(err));
    client.close();
  });

  test('packets sent while requests are in flight go out on more keep-alive sockets, up to the limit', async () => {
    const client = await dial(3);
    const server = new Promise<PacketConnection>((r) => arrived.push(r));
    const got: number[] = [];
    const all = new Promise<void>((resolve) => client.onPacket((p) => (got.push(p[8]!), got.length === 4 && resolve())));
    for (let i = 1; i <= 4; i++) client.send(packet(5, 40, i));
    const conn = await server;
    const seen: number[] = [];
    let socketsWhileThreeWaited = 0;
    conn.onPacket((p) => {
      seen.push(p[8]!);
      // answer only once three requests wait: one request per socket, so three sockets are open
      if (seen.length === 3) {
        socketsWhileThreeWaited = listener.connections;
        for (let i = 0; i < 3; i++) conn.send(packet(5, 24, 100 + i));
      }
      if (seen.length === 4) conn.send(packet(5, 24, 103));
    });
    await all;
    assert.deepEqual(got.sort(), [100, 101, 102, 103]);
    assert.deepEqual(seen, [1, 2, 3, 4]);
    assert.ok(socketsWhileThreeWaited >= 3, `${socketsWhileThreeWaited} sockets`);
    client.close();
  });
});

describe('HTTP transport, client against the TestServer', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({ httpPort: 0, wsPort: false });
  });
  after(async () => {
    await server.close();
  });

  test('a client on HTTP receives an update pushed while it sends nothing (its http_wait long poll)', async () => {
    const world = server.world!;
    const owner = world.seed.createUser({ firstName: 'Owner' });
    const bot = world.seed.createUser({ firstName: 'HttpBot', bot: true });
    const joiner = world.seed.createUser({ firstName: 'Joiner', phone: '9996627001' });
    const group = world.seed.createChannel({ creator: owner, title: 'Polled', megagroup: true, members: [bot] });
    world.seed.makeAdmin(group, bot, 'all');
    assert.ok(server.clientOptions().dc.httpPort, 'the DC address carries the HTTP port');

    const admin = new Client({ apiId: 1, apiHash: 'h', ...server.clientOptions(), transport: { type: 'http' } });
    const member = new Client({ apiId: 1, apiHash: 'h', ...server.clientOptions() });
    try {
      await admin.connect();
      await admin.auth.bot(bot.botToken!);
      const invite = await admin.api.messages.exportChatInvite({ peer: inputPeer(group) });
      assert.equal(invite._, 'chatInviteExported');
      const pushed = new Promise<unknown>((resolve) => admin.onUpdate((u) => resolve(u)));
      await member.connect();
      await member.auth.user({ phone: joiner.phone!, code: async () => '22222' });
      if (invite._ !== 'chatInviteExported') return;
      await member.api.messages.importChatInvite({ hash: invite.link.slice('https://t.me/+'.length) });
      const update = (await pushed) as { _: string };
      assert.match(update._, /^updates/);
    } finally {
      await Promise.all([admin.close(), member.close()]);
    }
  });
});
