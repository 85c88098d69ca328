// The cluster with the simulated world installed: config, home DCs, exported authorizations, persistence.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RpcError } from '../../src/errors.js';
import { TestCluster } from '../../src/testing/index.js';
import { rawClientFor } from './server-raw-client.js';

describe('TestCluster with the world', () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start({ dcs: [1, 2, 3] });
  });
  after(async () => {
    await cluster.close();
  });

  it('help.getConfig lists every DC', async () => {
    const c = await rawClientFor(cluster.dc(2));
    try {
      const config = (await c.invoke({ _: 'help.getConfig' })) as { thisDc: number; dcOptions: Array<{ id: number; port: number }> };
      assert.equal(config.thisDc, 2);
      const tcp = new Map(cluster.dcs.map((d) => [d.id, d.port]));
      for (const [id, port] of tcp) assert.ok(config.dcOptions.some((o) => o.id === id && o.port === port), `DC ${id} listed`);
    } finally {
      c.close();
    }
  });

  it('a bot homed on DC 1: USER_MIGRATE elsewhere, then export on DC 1 / import on DC 3', async () => {
    const bot = cluster.world!.seed.createUser({ firstName: 'Bot', bot: true, dc: 1 });
    const on2 = await rawClientFor(cluster.dc(2));
    const on1 = await rawClientFor(cluster.dc(1));
    const on3 = await rawClientFor(cluster.dc(3));
    try {
      const signIn = { _: 'auth.importBotAuthorization', flags: 0, apiId: 1, apiHash: 'x', botAuthToken: bot.botToken! };
      await assert.rejects(on2.invoke(signIn), (e: unknown) => e instanceof RpcError && e.message === 'USER_MIGRATE_1');
      await on1.invoke(signIn);
      assert.equal(cluster.dc(1).userOfAuthKey(on1.authKeyIdForTest()), bot.id);

      const exported = (await on1.invoke({ _: 'auth.exportAuthorization', dcId: 3 })) as { id: bigint; bytes: Uint8Array };
      await on3.invoke({ _: 'auth.importAuthorization', id: exported.id, bytes: exported.bytes });
      assert.equal(cluster.dc(3).userOfAuthKey(on3.authKeyIdForTest()), bot.id);
      await assert.rejects(
        on2.invoke({ _: 'auth.importAuthorization', id: exported.id, bytes: exported.bytes }),
        (e: unknown) => e instanceof RpcError && e.message === 'AUTH_BYTES_INVALID',
      );
    } finally {
      on1.close();
      on2.close();
      on3.close();
    }
  });

  it('a cluster with dataDir keeps its world and keys across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgts-cluster-'));
    try {
      const first = await TestCluster.start({ dcs: [1, 2], dataDir: dir });
      const bot = first.world!.seed.createUser({ firstName: 'Keeper', bot: true, dc: 2 });
      const c = await rawClientFor(first.dc(2));
      await c.invoke({ _: 'auth.importBotAuthorization', flags: 0, apiId: 1, apiHash: 'x', botAuthToken: bot.botToken! });
      const keyId = c.authKeyIdForTest();
      c.close();
      await first.close();

      const second = await TestCluster.start({ dcs: [1, 2], dataDir: dir });
      try {
        assert.equal(second.world!.users.get(bot.id)?.firstName, 'Keeper');
        assert.equal(second.dc(2).userOfAuthKey(keyId), bot.id);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
