/**
 * SOCKS5 and HTTP CONNECT against real proxies (danted, microsocks, tinyproxy): address types,
 * authentication, and every failure as a typed error with its stage — never a hang.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { Client } from '../../src/client/client.js';
import { ProxyError, TransportError, connect } from '../../src/transport/index.js';
import type { ConnectOptions, PacketConnection } from '../../src/transport/index.js';
import { socks5Address } from '../../src/transport/proxy/socks5.js';
import { TestServer } from '../../src/testing/index.js';
import { freePort, missingProxyBinaries, startDante, startMicrosocks, startTinyproxy } from '../helpers/real-proxies.js';
import type { RealProxy } from '../helpers/real-proxies.js';

const missing = missingProxyBinaries();
const socksAuth = { username: 'alice', password: 'pa:ss@word' };
const httpAuth = { username: 'alice', password: 'pass.word' };

/** A TCP server that does what `onSocket` says (a broken or silent proxy). */
async function rawServer(onSocket: (s: Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.once('close', () => sockets.delete(s));
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function expectProxyError(stage: ProxyError['stage'], pattern: RegExp, code?: number) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof ProxyError, `expected ProxyError, got ${String(e)}`);
    assert.equal(e.stage, stage, e.message);
    assert.match(e.message, pattern);
    if (code !== undefined) assert.equal(e.code, code, e.message);
    return true;
  };
}

describe('SOCKS5 and HTTP CONNECT through real proxies', { skip: missing.length > 0 ? `missing ${missing.join(', ')} (see .ci/run)` : false }, () => {
  let server: TestServer;
  let server6: TestServer;
  let dante: RealProxy;
  let micro: RealProxy;
  let microOpen: RealProxy;
  let tiny: RealProxy;
  let tinyOpen: RealProxy;
  let blockedPort: number;
  let closedPort: number;
  const opened: PacketConnection[] = [];

  before(async () => {
    blockedPort = await freePort();
    closedPort = await freePort();
    server = await TestServer.start();
    server6 = await TestServer.start({ host: '::1', wsPort: false, installWorld: false });
    dante = await startDante({ blockedPort });
    micro = await startMicrosocks(socksAuth);
    microOpen = await startMicrosocks();
    tiny = await startTinyproxy(httpAuth);
    tinyOpen = await startTinyproxy();
  });
  after(async () => {
    for (const c of opened) c.close();
    await Promise.all([server?.close(), server6?.close(), dante?.stop(), micro?.stop(), microOpen?.stop(), tiny?.stop(), tinyOpen?.stop()]);
  });

  async function dial(proxy: string, target: { host: string; port: number }, extra: Partial<ConnectOptions> = {}): Promise<PacketConnection> {
    const conn = await connect({ type: 'tcp', codec: 'intermediate', obfuscated: true, dcId: 2, timeoutMs: 5000, ...target, proxy, ...extra });
    opened.push(conn);
    return conn;
  }

  test('a bot signs in through danted (no authentication)', async () => {
    const world = server.world!;
    const bot = world.seed.createUser({ firstName: 'DanteBot', bot: true });
    const client = new Client({ apiId: 1, apiHash: 'h', ...server.clientOptions(), proxy: dante.url });
    const me = await client.run(() => client.auth.bot(bot.botToken!));
    assert.equal(me.id, bot.id);
  });

  test('address types: IPv6 literal (ATYP 04), a host name the proxy resolves (ATYP 03, socks5h:// and socks5:// alike)', async () => {
    assert.deepEqual([...socks5Address('::1')], [0x04, ...new Array(15).fill(0), 1]);
    assert.deepEqual([...socks5Address('10.0.0.1')], [0x01, 10, 0, 0, 1]);
    assert.deepEqual([...socks5Address('localhost')], [0x03, 9, ...Buffer.from('localhost')]);
    const v6 = await dial(micro.url, { host: '::1', port: server6.address.port });
    assert.equal(v6.info.remote, `[::1]:${server6.address.port} via socks5 127.0.0.1:${micro.port}`);
    const byName = await dial(micro.url.replace('socks5://', 'socks5h://'), { host: 'localhost', port: server.address.port });
    assert.equal(byName.closed, false);
    const plainScheme = await dial(microOpen.url, { host: 'localhost', port: server.address.port });
    assert.equal(plainScheme.closed, false);
    const http6 = await dial(tinyOpen.url, { host: '::1', port: server6.address.port });
    assert.equal(http6.info.remote, `[::1]:${server6.address.port} via http 127.0.0.1:${tinyOpen.port}`);
  });

  test('SOCKS5: wrong or missing credentials are stage auth', async () => {
    await assert.rejects(dial(micro.url.replace('pa%3Ass%40word', 'wrong'), server.address), expectProxyError('auth', /rejected the user name or password/));
    await assert.rejects(dial(`socks5://127.0.0.1:${micro.port}`, server.address), expectProxyError('auth', /requires authentication/));
  });

  test('SOCKS5: a target the rules forbid (danted) or nobody listens on is stage target with the reply code', async () => {
    await assert.rejects(dial(dante.url, { host: '127.0.0.1', port: blockedPort }), expectProxyError('target', /not allowed by ruleset/, 0x02));
    await assert.rejects(dial(microOpen.url, { host: '127.0.0.1', port: closedPort }), (e: unknown) => e instanceof ProxyError && e.stage === 'target' && e.code !== undefined);
  });

  test('HTTP CONNECT: wrong or missing credentials are stage auth (tinyproxy: 407 without, 401 with wrong ones); an unreachable target is stage target', async () => {
    await assert.rejects(dial(`http://alice:nope@127.0.0.1:${tiny.port}`, server.address), expectProxyError('auth', /requires valid credentials \(401/, 401));
    await assert.rejects(dial(`http://127.0.0.1:${tiny.port}`, server.address), expectProxyError('auth', /requires valid credentials \(407/, 407));
    await assert.rejects(dial(tinyOpen.url, { host: '127.0.0.1', port: closedPort }), (e: unknown) => e instanceof ProxyError && e.stage === 'target' && (e.code ?? 0) >= 500);
  });

  test('a proxy nobody listens on is stage connect; a SOCKS5 proxy asked for CONNECT answers garbage, stage handshake', async () => {
    await assert.rejects(dial(`socks5://127.0.0.1:${closedPort}`, server.address), expectProxyError('connect', /cannot reach the socks5 proxy/));
    await assert.rejects(dial(`http://127.0.0.1:${closedPort}`, server.address), expectProxyError('connect', /cannot reach the http proxy/));
    await assert.rejects(dial(`http://127.0.0.1:${microOpen.port}`, server.address), (e: unknown) => e instanceof ProxyError && e.stage === 'handshake');
  });

  test('a proxy that closes mid-handshake is stage handshake; a silent one times out; abort is aborted', async () => {
    const closer = await rawServer((s) => s.once('data', () => s.destroy()));
    const silent = await rawServer(() => undefined);
    const after2 = await rawServer((s) => s.once('data', () => s.write(Buffer.from([5, 0]), () => s.once('data', () => s.end()))));
    try {
      await assert.rejects(dial(`socks5://127.0.0.1:${closer.port}`, server.address), expectProxyError('handshake', /closed the connection during the method selection/));
      await assert.rejects(dial(`http://127.0.0.1:${closer.port}`, server.address), expectProxyError('handshake', /closed the connection during the CONNECT response/));
      await assert.rejects(dial(`socks5://127.0.0.1:${after2.port}`, server.address), expectProxyError('target', /closed the connection during the CONNECT reply/));
      await assert.rejects(dial(`socks5://127.0.0.1:${silent.port}`, server.address, { timeoutMs: 300 }), (e: unknown) => e instanceof TransportError && e.kind === 'timeout');
      const controller = new AbortController();
      const pending = dial(`http://127.0.0.1:${silent.port}`, server.address, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error('user gave up')), 50);
      await assert.rejects(pending, (e: unknown) => e instanceof TransportError && e.kind === 'aborted');
    } finally {
      await Promise.all([closer.close(), silent.close(), after2.close()]);
    }
  });

  test('WebSocket through a tunnel: a wrong path is refused as stage target', async () => {
    const wsTarget = { host: '127.0.0.1', port: server.wsAddress!.port };
    await assert.rejects(dial(microOpen.url, wsTarget, { type: 'websocket', path: '/nope' }), (e: unknown) => e instanceof ProxyError && e.stage === 'target' && /refused the WebSocket upgrade/.test(e.message));
    const ok = await dial(microOpen.url, wsTarget, { type: 'websocket' });
    assert.equal(ok.info.type, 'websocket');
  });
});
