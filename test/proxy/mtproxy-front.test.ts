/**
 * The MTProxy front: what it accepts, what it refuses (wrong secret, old or future timestamp,
 * replayed ClientHello, wrong SNI, non-TLS traffic on a TLS-only front, an unknown DC), and how
 * refused traffic is treated (closed, spliced to the mask target, or read and ignored).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as netConnect, createServer } from 'node:net';
import type { Server } from 'node:net';
import { createAuthKey } from '../../src/exchange/index.js';
import { ProxyError, TransportError, connect } from '../../src/transport/index.js';
import type { PacketConnection } from '../../src/transport/index.js';
import { buildClientHello } from '../../src/transport/mtproxy/client-hello.js';
import { MtproxyFront, TestServer } from '../../src/testing/index.js';
import type { MtproxyFrontOptions, MtproxyRejectReason } from '../../src/testing/index.js';

const SECRET = 'ee' + '5a'.repeat(16) + Buffer.from('front.example').toString('hex');
const WRONG_KEY = '6b'.repeat(16);

describe('MtproxyFront', () => {
  let server: TestServer;
  const fronts: MtproxyFront[] = [];
  const conns: PacketConnection[] = [];

  before(async () => {
    server = await TestServer.start({ wsPort: false, installWorld: false });
  });
  after(async () => {
    for (const c of conns) c.close();
    await Promise.all(fronts.map((f) => f.close()));
    await server.close();
  });

  /** A front whose refusals resolve `next()`. */
  async function front(extra: Partial<MtproxyFrontOptions> = {}): Promise<{ front: MtproxyFront; next(): Promise<MtproxyRejectReason> }> {
    const waiting: Array<(r: MtproxyRejectReason) => void> = [];
    const seen: MtproxyRejectReason[] = [];
    const f = await MtproxyFront.start({
      secret: SECRET,
      dcs: server.clientOptions().dcs,
      onRejected: (reason) => {
        const w = waiting.shift();
        if (w) w(reason);
        else seen.push(reason);
      },
      ...extra,
    });
    fronts.push(f);
    return { front: f, next: () => (seen.length > 0 ? Promise.resolve(seen.shift()!) : new Promise((r) => waiting.push(r))) };
  }

  async function dial(proxy: string, dcId = 2, testMode = false): Promise<PacketConnection> {
    const c = await connect({ type: 'tcp', codec: 'intermediate', obfuscated: true, host: '127.0.0.1', port: 1, dcId, testMode, proxy, timeoutMs: 5000 });
    conns.push(c);
    return c;
  }

  function closed(c: PacketConnection): Promise<Error | undefined> {
    return new Promise((r) => c.onClose(r));
  }

  test('the three secret kinds reach the DC; media and test DC ids map to the DC behind the front', async () => {
    const { front: f } = await front();
    for (const [kind, dcId, testMode] of [['plain', 2, false], ['padded', -2, true], ['faketls', 2, true]] as const) {
      const conn = await dial(f.link(kind), dcId, testMode);
      const key = await createAuthKey(conn, { publicKeys: server.clientOptions().rsaPublicKeys, dcId: 2 });
      assert.equal(key.authKey.length, 256, kind);
      assert.equal(conn.info.codec, kind === 'plain' ? 'intermediate' : 'paddedIntermediate');
      conn.close();
    }
    assert.equal(f.stats.accepted, 3);
    assert.equal(f.stats.rejected, 0);
  });

  test('FakeTLS with a wrong secret is refused; the client sees the proxy close during the handshake', async () => {
    const { front: f, next } = await front();
    const wrong = `tg://proxy?server=127.0.0.1&port=${f.address.port}&secret=ee${WRONG_KEY}${Buffer.from('front.example').toString('hex')}`;
    await assert.rejects(dial(wrong), (e: unknown) => e instanceof ProxyError && e.stage === 'handshake' && /closed the connection during the FakeTLS ServerHello/.test(e.message));
    assert.equal(await next(), 'bad-digest');
  });

  test('an old or a future timestamp is refused (the front clock is moved instead of the client)', async () => {
    const late = await front({ clock: () => Date.now() + 3_600_000 });
    await assert.rejects(dial(late.front.link('faketls')), ProxyError);
    assert.equal(await late.next(), 'timestamp');
    const early = await front({ clock: () => Date.now() - 60_000 });
    await assert.rejects(dial(early.front.link('faketls')), ProxyError);
    assert.equal(await early.next(), 'timestamp');
  });

  test('a replayed ClientHello is refused, a wrong SNI too', async () => {
    const { front: f, next } = await front();
    const hello = buildClientHello({ domain: 'front.example', key: Buffer.from('5a'.repeat(16), 'hex'), now: Math.floor(Date.now() / 1000) });
    const send = (record: Uint8Array): Promise<number> =>
      new Promise((resolve) => {
        let got = 0;
        const s = netConnect(f.address.port, '127.0.0.1', () => s.write(record));
        s.on('data', (d) => {
          got += d.length;
          if (got >= 133) s.destroy();
        });
        s.on('error', () => undefined);
        s.on('close', () => resolve(got));
      });
    assert.ok((await send(hello.record)) >= 133, 'the first hello gets a server flight');
    assert.equal(await send(hello.record), 0, 'the replay gets nothing');
    assert.equal(await next(), 'replayed-hello');
    const otherSni = buildClientHello({ domain: 'other.example', key: Buffer.from('5a'.repeat(16), 'hex'), now: Math.floor(Date.now() / 1000) });
    assert.equal(await send(otherSni.record), 0);
    assert.equal(await next(), 'sni');
  });

  test('a TLS-only front closes plain obfuscated2; a wrong plain secret is read and ignored; an unknown DC gets −444', async () => {
    const tlsOnly = await front({ tlsOnly: true });
    const plainConn = await dial(tlsOnly.front.link('plain'));
    plainConn.send(new Uint8Array(40));
    await closed(plainConn);
    assert.equal(await tlsOnly.next(), 'not-tls');

    const open = await front();
    const wrong = await dial(`tg://proxy?server=127.0.0.1&port=${open.front.address.port}&secret=${WRONG_KEY}`);
    wrong.send(new Uint8Array(40));
    assert.equal(await open.next(), 'bad-tag');
    assert.equal(wrong.closed, false, 'MTProxy keeps reading a stream it cannot decrypt');

    const unknownDc = await dial(open.front.link('padded'), 4);
    unknownDc.send(new Uint8Array(40));
    const err = await closed(unknownDc);
    assert.ok(err instanceof TransportError && err.kind === 'server-code' && err.code === -444, String(err));
    assert.equal(await open.next(), 'unknown-dc');
  });

  test('refused TLS traffic is spliced to the mask target when one is set', async () => {
    const received: Buffer[] = [];
    const mask: Server = createServer((s) => {
      s.on('data', (d) => {
        received.push(d);
        s.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      });
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => mask.listen(0, '127.0.0.1', () => r()));
    try {
      const { front: f, next } = await front({ maskTarget: { host: '127.0.0.1', port: (mask.address() as { port: number }).port } });
      const wrong = `tg://proxy?server=127.0.0.1&port=${f.address.port}&secret=ee${WRONG_KEY}${Buffer.from('front.example').toString('hex')}`;
      await assert.rejects(dial(wrong), (e: unknown) => e instanceof ProxyError && /did not answer like an MTProxy/.test(e.message));
      assert.equal(await next(), 'bad-digest');
      assert.deepEqual([...Buffer.concat(received).subarray(0, 3)], [0x16, 0x03, 0x01], 'the mask site got the ClientHello');
    } finally {
      await new Promise<void>((r) => mask.close(() => r()));
    }
  });
});
