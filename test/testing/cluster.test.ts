import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster, TestServerError } from '../../src/testing/index.js';
import { rawClientFor } from './server-raw-client.js';

describe('TestCluster', () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start({ dcs: [1, 2, 3], installWorld: false });
    cluster.handle('help.getNearestDc', (_r, ctx) => ({ _: 'nearestDc' as const, country: 'NL', thisDc: ctx.dcId, nearestDc: ctx.dcId }));
    cluster.handle('help.getSupportName', (_r, ctx) => {
      ctx.setUserId(9);
      return { _: 'help.supportName' as const, name: `dc${ctx.dcId}` };
    });
    cluster.handle('help.getPromoData', (_r, ctx) => {
      ctx.pushUpdates(9, { _: 'updatesTooLong' });
      return { _: 'help.promoDataEmpty' as const, expires: ctx.dcId };
    });
  });
  after(async () => {
    await cluster.close();
  });

  it('runs every DC on its own address with one RSA key', () => {
    const dcs = cluster.dcs;
    assert.deepEqual(dcs.map((d) => d.id), [1, 2, 3]);
    assert.equal(new Set(dcs.map((d) => d.port)).size, 3);
    assert.deepEqual(cluster.clientOptions(2).dcs, dcs);
    assert.equal(cluster.clientOptions(3).dc.id, 3);
    assert.equal(new Set(cluster.servers.map((s) => s.publicKeys[0]!.fingerprint)).size, 1);
    assert.throws(() => cluster.dc(7), TestServerError);
  });

  it('cluster.handle installs on every DC', async () => {
    for (const id of [1, 2, 3]) {
      const c = await rawClientFor(cluster.dc(id));
      try {
        assert.deepEqual(await c.invoke({ _: 'help.getNearestDc' }), { _: 'nearestDc' as const, country: 'NL', thisDc: id, nearestDc: id });
      } finally {
        c.close();
      }
    }
  });

  it('updates pushed on one DC reach the user’s sessions on every DC', async () => {
    const on1 = await rawClientFor(cluster.dc(1));
    const on3 = await rawClientFor(cluster.dc(3));
    try {
      await on1.invoke({ _: 'help.getSupportName' }); // signs this key in as user 9
      await on3.invoke({ _: 'help.getPromoData' }); // DC 3 pushes to user 9
      await on1.waitFor((m) => m.obj?._ === 'updatesTooLong');
      assert.equal(on3.received.some((m) => m.obj?._ === 'updatesTooLong'), false, 'DC 3 key is not user 9');
    } finally {
      on1.close();
      on3.close();
    }
  });

  it('refuses duplicate DC ids', async () => {
    await assert.rejects(TestCluster.start({ dcs: [1, 1] }), TestServerError);
  });
});
