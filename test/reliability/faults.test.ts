/**
 * Every fault-injection hook of `TestServer` against a tgts `Client`, with the behaviour the client
 * owes: transparent retry (drops, salt change, bad_msg_notification, clock skew), exactly-once
 * results (duplicates, reordering, delays), flood-wait sleeping below the threshold and throwing
 * above it, and migration to another DC of a `TestCluster`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RpcError } from '../../src/client/index.js';
import type { Client } from '../../src/client/index.js';
import { TestCluster } from '../../src/testing/index.js';
import type { TestServer } from '../../src/testing/index.js';
import { echoed, keyedClient, startEchoServer } from './helpers.js';

let server: TestServer;
const faultsInjected: Record<string, number> = {};

before(async () => {
  server = await startEchoServer();
});
after(async () => {
  console.log(`faults injected: ${JSON.stringify(faultsInjected)}`);
  await server.close();
});

/** Runs `fn` with a fresh client; faults are reset afterwards whatever happens. */
async function withClient(name: string, fn: (c: Client) => Promise<void>, extra: Parameters<typeof keyedClient>[1] = {}): Promise<void> {
  const client = keyedClient(server, { requestTimeout: 8_000, ...extra });
  try {
    echoed(await client.api.help.getAppConfig({ hash: 0 })); // connected, salt known
    faultsInjected[name] = (faultsInjected[name] ?? 0) + 1;
    await fn(client);
  } finally {
    server.faults.reset();
    await client.close();
  }
}

/** `n` concurrent echo calls; asserts each answers its own request. */
async function echoMany(client: Client, n: number, base = 1000): Promise<void> {
  const got = await Promise.all(Array.from({ length: n }, (_, i) => client.api.help.getAppConfig({ hash: base + i }).then(echoed)));
  assert.deepEqual(got, Array.from({ length: n }, (_, i) => base + i));
}

describe('fault injection: transparent recovery', { timeout: 60_000 }, () => {
  it('connection dropped when a request arrives: reconnects and resends', () =>
    withClient('dropAfterMessages', async (c) => {
      server.faults.dropAfterMessages(0, { once: true });
      await echoMany(c, 5);
    }));

  it('connection dropped after some bytes: reconnects and resends', () =>
    withClient('dropAfterBytes', async (c) => {
      server.faults.dropAfterBytes(200, { once: true });
      await echoMany(c, 10);
    }));

  it('delayed replies: every call still answered', () =>
    withClient('delayReplies', async (c) => {
      server.faults.delayReplies(150);
      const t = performance.now();
      await echoMany(c, 10);
      assert.ok(performance.now() - t >= 140, 'the delay was applied');
    }));

  it('duplicated replies: each call settles once with its own result', () =>
    withClient('duplicateReplies', async (c) => {
      server.faults.duplicateReplies();
      await echoMany(c, 20);
      await echoMany(c, 20, 5000);
    }));

  it('reordered replies: results still matched to their requests', () =>
    withClient('reorderReplies', async (c) => {
      server.faults.reorderReplies();
      await echoMany(c, 21);
    }));

  it('server salt changed (bad_server_salt): resent with the new salt', () =>
    withClient('badServerSaltNext', async (c) => {
      server.faults.badServerSaltNext();
      server.faults.badServerSaltNext();
      await echoMany(c, 3);
    }));

  for (const code of [16, 17]) {
    it(`bad_msg_notification ${code} (msg_id too low/high): resent with a corrected id`, () =>
      withClient(`badMsgNotificationNext(${code})`, async (c) => {
        server.faults.badMsgNotificationNext(code);
        await echoMany(c, 2);
      }));
  }

  for (const skew of [600, -600]) {
    it(`server clock skewed by ${skew > 0 ? '+' : ''}${skew / 60} minutes: client resynchronises`, () =>
      withClient(`timeSkew(${skew})`, async (c) => {
        server.faults.timeSkew(skew);
        await echoMany(c, 3);
        await echoMany(c, 3, 2000);
      }));
  }
});

describe('fault injection: FLOOD_WAIT', { timeout: 30_000 }, () => {
  it('a short FLOOD_WAIT is slept through and the call retried', () =>
    withClient('floodWait(1s)', async (c) => {
      server.faults.floodWait('help.getAppConfig', 1);
      const t = performance.now();
      assert.equal(echoed(await c.api.help.getAppConfig({ hash: 7 })), 7);
      assert.ok(performance.now() - t >= 900, 'the middleware waited before retrying');
    }));

  it('a FLOOD_WAIT above the threshold is thrown as a typed RpcError', () =>
    withClient(
      'floodWait(120s)',
      async (c) => {
        server.faults.floodWait('help.getAppConfig', 120);
        const t = performance.now();
        await assert.rejects(c.api.help.getAppConfig({ hash: 8 }), (err: unknown) => {
          assert.ok(err instanceof RpcError, `got ${String(err)}`);
          assert.equal(err.code, 420);
          assert.equal(err.type, 'FLOOD_WAIT');
          assert.equal(err.argument, 120);
          return true;
        });
        assert.ok(performance.now() - t < 10_000, 'did not sleep 120 s');
      },
      { floodWaitThreshold: 5 },
    ));

  it('other RPC errors pass through typed (rpcError hook)', () =>
    withClient('rpcError', async (c) => {
      server.faults.rpcError('help.getAppConfig', 400, 'PEER_ID_INVALID');
      await assert.rejects(c.api.help.getAppConfig({ hash: 9 }), (err: unknown) => err instanceof RpcError && err.code === 400 && err.type === 'PEER_ID_INVALID');
      assert.equal(echoed(await c.api.help.getAppConfig({ hash: 10 })), 10);
    }));
});

describe('fault injection: DC migration on a TestCluster', { timeout: 60_000 }, () => {
  it('USER_MIGRATE_2 moves the client to DC 2; FILE_MIGRATE_2 sends one request there', async () => {
    const cluster = await TestCluster.start({ dcs: [1, 2] });
    // The answer tells which DC served it.
    cluster.handle('help.getAppConfig', (req, ctx) => ({ _: 'help.appConfig' as const, hash: ctx.dcId * 1_000_000 + req.hash, config: { _: 'jsonNull' as const } }));
    const dc1 = cluster.dc(1);
    const o = cluster.clientOptions(1);
    const { Client, MemorySession } = await import('../../src/index.js');
    const { randomBytes } = await import('node:crypto');
    const authKey = new Uint8Array(randomBytes(256));
    dc1.importAuthKey(authKey);
    const client = new Client({
      apiId: 1,
      apiHash: 'reliability',
      dc: o.dc,
      dcs: o.dcs,
      publicKeys: o.publicKeys,
      requestTimeout: 20_000,
      session: new MemorySession({ version: 1, dcId: 1, dcs: { 1: { host: o.host, port: o.port, authKey } } }),
    });
    try {
      assert.equal(echoed(await client.api.help.getAppConfig({ hash: 1 })), 1_000_001);
      dc1.faults.migrate('help.getAppConfig', 'FILE_MIGRATE', 2, 1);
      assert.equal(echoed(await client.api.help.getAppConfig({ hash: 2 })), 2_000_002, 'FILE_MIGRATE: served by DC 2');
      assert.equal(echoed(await client.api.help.getAppConfig({ hash: 3 })), 1_000_003, 'primary stays DC 1');
      dc1.faults.migrate('help.getAppConfig', 'USER_MIGRATE', 2);
      assert.equal(echoed(await client.api.help.getAppConfig({ hash: 4 })), 2_000_004, 'USER_MIGRATE: served by DC 2');
      assert.equal(echoed(await client.api.help.getAppConfig({ hash: 5 })), 2_000_005, 'primary moved to DC 2');
      faultsInjected['migrate'] = 2;
    } finally {
      await client.close();
      await cluster.close();
    }
  });
});
