/**
 * The proxy belongs to the dial plan: every connection a client makes — the main pool, the upload
 * and download pools, another DC, a CDN DC — goes through it. SOCKS5 (microsocks): the client's
 * only TCP connections are to the proxy, and DC host names go to the proxy unresolved (no DNS
 * lookup on the client: a lookup happens only inside the platform's connect, and that is only
 * ever asked for the proxy's address). MTProxy: the client's direct DC addresses are dead ports,
 * so every answer proves the front carried the connection.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../../src/client/client.js';
import { dialPlan } from '../../src/client/pools/dial.js';
import type { DcEndpoint } from '../../src/client/pools/dc-directory.js';
import { platform, setPlatform } from '../../src/platform/current.js';
import type { Platform } from '../../src/platform/types.js';
import { generateRsaKeyPair } from '../../src/testing/crypto/node-crypto.js';
import { MtproxyFront, TestCluster, TestServer } from '../../src/testing/index.js';
import { resolveProxy } from '../../src/transport/index.js';
import { freePort, missingProxyBinaries, startMicrosocks } from '../helpers/real-proxies.js';
import type { RealProxy } from '../helpers/real-proxies.js';

const app = { apiId: 1, apiHash: 'pools-proxy' };
const CDN_DC = 203;
const missing = missingProxyBinaries();

describe('the dial plan carries the proxy', () => {
  const endpoint: DcEndpoint = { dcId: 4, host: 'dc4.example', port: 443, ipv6: false, mediaOnly: true, cdn: false, tcpoOnly: false, static: false, source: 'config' };
  const proxy = resolveProxy('socks5://127.0.0.1:1080');

  test('for every pool kind and transport; HTTP goes to httpPort (80 by default), localAddress stays', () => {
    for (const kind of ['main', 'upload', 'download', 'cdn'] as const) {
      for (const type of ['tcp', 'http'] as const) {
        const plan = dialPlan(endpoint, kind, { transport: { type, codec: 'intermediate', obfuscated: type === 'tcp', proxy }, testMode: false, telegram: false, localAddress: '127.0.0.2' });
        assert.deepEqual(plan.proxy, proxy, `${type}/${kind}`);
        assert.equal(plan.host, 'dc4.example', 'the DC host name is handed on as it is (the proxy resolves it)');
        assert.equal(plan.dcId, -4, 'a media-only address: negative DC id in the init');
        assert.equal(plan.localAddress, '127.0.0.2');
        assert.equal(plan.port, type === 'http' ? 80 : 443);
      }
    }
    const http = dialPlan({ ...endpoint, httpPort: 8080 }, 'main', { transport: { type: 'http', codec: 'intermediate', obfuscated: false }, testMode: false, telegram: false });
    assert.equal(http.port, 8080);
    assert.equal(http.proxy, undefined);
  });

  test("WebSocket through SOCKS5/CONNECT to Telegram's own wss:// endpoints is refused when the client is created", () => {
    assert.throws(
      () => new Client({ ...app, transport: { type: 'websocket' }, proxy: 'socks5://127.0.0.1:1080' }),
      (e: unknown) => e instanceof Error && e.name === 'BadArgumentError' && /wss:\/\//.test(e.message),
    );
  });
});

describe('every pool dials through the proxy', { skip: missing.length > 0 ? `missing ${missing.join(', ')} (see .ci/run)` : false }, () => {
  let cluster: TestCluster;
  let cdn: TestServer;
  let cdnPem: string;
  let socks: RealProxy;
  let front: MtproxyFront;
  const dialled: Array<{ host: string; port: number }> = [];
  let original: Platform;

  before(async () => {
    cluster = await TestCluster.start({ dcs: [1, 2] });
    const key = generateRsaKeyPair();
    cdnPem = key.publicKeyPem;
    cdn = await TestServer.start({ dcId: CDN_DC, wsPort: false, rsaKey: { privateKeyPem: key.privateKeyPem } });
    cluster.dc(2).handle('help.getCdnConfig', () => ({ _: 'cdnConfig' as const, publicKeys: [{ _: 'cdnPublicKey' as const, dcId: CDN_DC, publicKey: cdnPem }] }));
    socks = await startMicrosocks({ username: 'pool-user', password: 'pool-pass' });
    front = await MtproxyFront.start({ secret: '00112233445566778899aabbccddeeff', dcs: [...cluster.clientOptions(2).dcs, { id: CDN_DC, ...cdn.address }] });
    original = platform();
    const net = original.net;
    setPlatform({
      ...original,
      net: {
        ...net,
        connectTcp: (host, port, options) => {
          dialled.push({ host, port });
          return net.connectTcp(host, port, options);
        },
      },
    });
  });
  after(async () => {
    setPlatform(original);
    await Promise.all([front?.close(), socks?.stop(), cdn?.close(), cluster?.close()]);
  });

  /** Main, upload and download pools of DC 2, the main pool of DC 1 and the CDN pool: the DC each answer came from. */
  async function everyPool(client: Client): Promise<number[]> {
    return client.run(async () => {
      const seen: number[] = [];
      seen.push((await client.invoke({ _: 'help.getNearestDc' })).thisDc);
      seen.push((await client.invoke({ _: 'help.getNearestDc' }, { pool: 'upload' })).thisDc);
      seen.push((await client.invoke({ _: 'help.getNearestDc' }, { pool: 'download' })).thisDc);
      seen.push((await client.invoke({ _: 'help.getNearestDc' }, { dcId: 1 })).thisDc);
      seen.push((await client.invoke({ _: 'help.getNearestDc' }, { dcId: CDN_DC, pool: 'cdn' })).thisDc);
      return seen;
    });
  }

  test('SOCKS5: only the proxy is ever dialled, DC host names unresolved', async () => {
    dialled.length = 0;
    const o = cluster.clientOptions(2);
    // every DC named by host name: the client would have to resolve them to go direct
    const dcs = [...o.dcs.map((d) => ({ ...d, host: 'localhost' })), { id: CDN_DC, host: 'localhost', port: cdn.address.port, cdn: true }];
    const client = new Client({ ...app, dc: dcs.find((d) => d.id === 2)!, dcs, publicKeys: o.publicKeys, testServers: o.testServers, proxy: socks.url });
    assert.deepEqual(await everyPool(client), [2, 2, 2, 1, CDN_DC]);
    assert.ok(dialled.length >= 5, `one connection per pool at least, got ${dialled.length}`);
    assert.deepEqual(
      dialled.filter((d) => d.host !== socks.host || d.port !== socks.port),
      [],
      'nothing but the proxy was dialled',
    );
  });

  test('MTProxy (FakeTLS): the direct addresses are dead, every pool still answers', async () => {
    const dead = await freePort();
    const o = cluster.clientOptions(2);
    const dcs = [...o.dcs.map((d) => ({ ...d, port: dead })), { id: CDN_DC, host: '127.0.0.1', port: dead, cdn: true }];
    const accepted = front.stats.accepted;
    const client = new Client({ ...app, dc: dcs.find((d) => d.id === 2)!, dcs, publicKeys: o.publicKeys, testServers: o.testServers, proxy: front.link('faketls') });
    assert.deepEqual(await everyPool(client), [2, 2, 2, 1, CDN_DC]);
    assert.ok(front.stats.accepted - accepted >= 5, `the front carried every pool (${front.stats.accepted - accepted} connections)`);
  });
});
