/**
 * Pools per (DC, kind) against real test servers: upload/download connections beside the main one
 * (sharing the DC's key), growth under load, idle closing, a DC found through help.getConfig, and a
 * CDN DC with its own RSA key.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../../src/client/client.js';
import { generateRsaKeyPair } from '../../src/testing/crypto/node-crypto.js';
import { MemoryStorage } from '../../src/storage/index.js';
import { TestCluster, TestServer } from '../../src/testing/index.js';
import type { Config } from '../../src/tl/index.js';

const app = { apiId: 1, apiHash: 'test-hash' };

/** A complete `config` with these DC options (the other fields as the test world answers them). */
function configWith(now: number, thisDc: number, dcOptions: Config['dcOptions']): Config {
  return {
    _: 'config', date: now, expires: now + 3600, testMode: true, thisDc, dcOptions, dcTxtDomainName: 'localhost', chatSizeMax: 200, megagroupSizeMax: 200_000,
    forwardedCountMax: 100, onlineUpdatePeriodMs: 210_000, offlineBlurTimeoutMs: 5000, offlineIdleTimeoutMs: 30_000, onlineCloudTimeoutMs: 300_000,
    notifyCloudDelayMs: 30_000, notifyDefaultDelayMs: 1500, pushChatPeriodMs: 60_000, pushChatLimit: 2, editTimeLimit: 172_800, revokeTimeLimit: 2_147_483_647,
    revokePmTimeLimit: 2_147_483_647, ratingEDecay: 2_419_200, stickersRecentLimit: 200, channelsReadMediaPeriod: 604_800, callReceiveTimeoutMs: 20_000,
    callRingTimeoutMs: 90_000, callConnectTimeoutMs: 30_000, callPacketTimeoutMs: 10_000, meUrlPrefix: 'https://t.me/', captionLengthMax: 1024, messageLengthMax: 4096,
    webfileDcId: thisDc,
  };
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('pools per DC and kind', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({ wsPort: false });
  });
  after(() => server.close());

  test('download and upload calls get connections of their own, on the key of the main one', async () => {
    const keysBefore = server.stats.authKeys;
    const storage = new MemoryStorage();
    const client = new Client({ ...app, ...server.clientOptions(), storage, connections: { upload: 2 } });
    await client.run(async (api) => {
      await api.help.getNearestDc();
      await until(() => server.stats.connections === 1, 'the main connection');
      await client.invoke({ _: 'help.getNearestDc' }, { pool: 'download' });
      assert.equal(server.stats.connections, 2, 'a download connection');
      server.faults.delayReplies(150);
      try {
        await Promise.all(Array.from({ length: 6 }, () => client.invoke({ _: 'help.getNearestDc' }, { pool: 'upload' })));
      } finally {
        server.faults.reset();
      }
      assert.equal(server.stats.connections, 4, 'the upload pool grew to its 2 connections under load');
      assert.equal(server.stats.authKeys, keysBefore + 1, 'one key exchange for every connection of the DC');
      assert.deepEqual((await storage.authKeys.list()).map(([dc]) => dc), [server.dcId]);
    });
  });

  test('an idle pool closes; the main pool of the primary DC stays', async () => {
    const client = new Client({ ...app, ...server.clientOptions(), poolIdleTimeout: 500 });
    await client.run(async (api) => {
      await api.help.getNearestDc();
      await client.invoke({ _: 'help.getNearestDc' }, { pool: 'download' });
      await until(() => server.stats.connections === 2, 'two connections');
      await until(() => server.stats.connections === 1, 'the idle download connection to close');
      assert.equal(client.connectionState, 'ready');
      assert.equal((await api.help.getNearestDc())._, 'nearestDc');
      // a new download call opens the pool again
      await client.invoke({ _: 'help.getNearestDc' }, { pool: 'download' });
    });
  });
});

describe('DC addresses from help.getConfig', () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start({ dcs: [1, 2] });
    cluster.handle('help.getAppConfig', (req, ctx) => ({ _: 'help.appConfig' as const, hash: ctx.dcId * 1000 + req.hash, config: { _: 'jsonNull' as const } }));
  });
  after(() => cluster.close());

  test('a FILE_MIGRATE to a DC missing from the options is found through help.getConfig', async () => {
    const o = cluster.clientOptions(1);
    let configs = 0;
    const dc1 = cluster.dc(1);
    const client = new Client({ ...app, dc: o.dc, dcs: [o.dc], publicKeys: o.publicKeys });
    client.tap.onResult((request) => {
      if (request._ === 'help.getConfig') configs++;
    });
    await client.run(async (api) => {
      const hash = (r: { _: string; hash?: number }): number | undefined => r.hash;
      assert.equal(hash(await api.help.getAppConfig({ hash: 1 })), 1001);
      assert.equal(configs, 0, 'no config fetched while every needed DC is known');
      dc1.faults.migrate('help.getAppConfig', 'FILE_MIGRATE', 2, 1);
      assert.equal(hash(await api.help.getAppConfig({ hash: 2 })), 2002, 'served by DC 2');
      assert.equal(configs, 1);
    });
  });
});

describe('CDN DCs', () => {
  const CDN_DC = 203;
  let main: TestServer;
  let cdn: TestServer;
  let cdnPem: string;
  before(async () => {
    const key = generateRsaKeyPair();
    cdnPem = key.publicKeyPem;
    cdn = await TestServer.start({ dcId: CDN_DC, wsPort: false, rsaKey: { privateKeyPem: key.privateKeyPem } });
    main = await TestServer.start({ wsPort: false });
    main.handle('help.getCdnConfig', () => ({ _: 'cdnConfig' as const, publicKeys: [{ _: 'cdnPublicKey' as const, dcId: CDN_DC, publicKey: cdnPem }] }));
  });
  after(async () => {
    await main.close();
    await cdn.close();
  });

  test('a CDN connection makes its own key against the RSA key of help.getCdnConfig', async () => {
    const storage = new MemoryStorage();
    const cdnAddress = { id: CDN_DC, host: cdn.address.host, port: cdn.address.port, cdn: true };
    const o = main.clientOptions();
    const client = new Client({ ...app, dc: o.dc, dcs: [o.dc, cdnAddress], publicKeys: o.publicKeys, storage });
    await client.run(async () => {
      const nearest = await client.invoke({ _: 'help.getNearestDc' }, { dcId: CDN_DC, pool: 'cdn' });
      assert.equal(nearest.thisDc, CDN_DC, 'served by the CDN DC');
    });
    const keys = await storage.authKeys.list();
    assert.deepEqual(keys.map(([dc]) => dc).sort((a, b) => a - b), [2, CDN_DC], 'the CDN DC has a key of its own');
  });

  test('keys supplied by the application are used without asking help.getCdnConfig', async () => {
    const o = main.clientOptions();
    const cdnAddress = { id: CDN_DC, host: cdn.address.host, port: cdn.address.port, cdn: true };
    const client = new Client({ ...app, dc: o.dc, dcs: [o.dc, cdnAddress], publicKeys: o.publicKeys });
    client.dcs.setCdnPublicKeys(CDN_DC, [cdnPem]);
    let asked = false;
    client.tap.onResult((request) => {
      if (request._ === 'help.getCdnConfig') asked = true;
    });
    await client.run(async () => {
      assert.equal((await client.invoke({ _: 'help.getNearestDc' }, { dcId: CDN_DC, pool: 'cdn' })).thisDc, CDN_DC);
    });
    assert.equal(asked, false);
  });

  test('a CDN DC known only from help.getConfig (cdn flag) is reached too', async () => {
    main.handle('help.getConfig', (_req, ctx) => configWith(ctx.now(), main.dcId, [
      { _: 'dcOption', id: main.dcId, ipAddress: main.address.host, port: main.address.port },
      { _: 'dcOption', id: CDN_DC, ipAddress: cdn.address.host, port: cdn.address.port, cdn: true },
    ]));
    const o = main.clientOptions();
    const client = new Client({ ...app, dc: o.dc, publicKeys: o.publicKeys });
    try {
      await client.run(async () => {
        assert.equal((await client.invoke({ _: 'help.getNearestDc' }, { dcId: CDN_DC, pool: 'cdn' })).thisDc, CDN_DC);
      });
    } finally {
      main.handle('help.getConfig', (_req, ctx) => configWith(ctx.now(), main.dcId, [{ _: 'dcOption', id: main.dcId, ipAddress: main.address.host, port: main.address.port }]));
    }
  });
});
