/**
 * DC migration and QR login of the Client across a three-DC TestCluster.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../../src/client/client.js';
import { MemorySession } from '../../src/storage/index.js';
import { TestCluster } from '../../src/testing/index.js';

const app = { apiId: 1, apiHash: 'test-hash' };

describe('Client on a TestCluster', () => {
  let cluster: TestCluster;

  before(async () => {
    cluster = await TestCluster.start({ dcs: [1, 2, 3] });
  });
  after(() => cluster.close());

  test('a DC 3 phone signing in from DC 2 follows PHONE_MIGRATE_3 and stays there', async () => {
    const session = new MemorySession();
    const client = new Client({ ...app, ...cluster.clientOptions(2), session });
    const me = await client.run(async (api) => {
      const user = await client.auth.user({ phone: '9996631111', code: async () => '33333', firstName: 'Three' });
      const nearest = await api.help.getNearestDc();
      assert.equal(nearest.thisDc, 3, 'calls now go to DC 3');
      return user;
    });
    const saved = await session.load();
    assert.equal(saved?.dcId, 3);
    assert.equal(saved?.user?.id, me.id);
    assert.ok(saved?.dcs[3]?.authKey, 'DC 3 key stored');

    // A restarted client starts on DC 3 and is still signed in.
    const again = new Client({ ...app, ...cluster.clientOptions(2), session });
    const status = await again.run(() => again.auth.status());
    assert.equal(status.user?.id, me.id);
  });

  test('QR login: another signed-in app accepts the token', async () => {
    const owner = new Client({ ...app, ...cluster.clientOptions(2) });
    const newcomer = new Client({ ...app, ...cluster.clientOptions(2) });
    await owner.connect();
    try {
      const ownerMe = await owner.auth.user({ phone: '9996624444', code: async () => '22222', firstName: 'Qr' });
      const me = await newcomer.run(() =>
        newcomer.auth.qr({
          onToken: (url) => {
            const token = new Uint8Array(Buffer.from(url.slice('tg://login?token='.length), 'base64url'));
            void owner.api.auth.acceptLoginToken({ token }).catch(() => undefined);
          },
          signal: AbortSignal.timeout(10_000),
        }),
      );
      assert.equal(me.id, ownerMe.id);
    } finally {
      await owner.close();
    }
  });
});
