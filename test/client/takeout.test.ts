/**
 * Takeout sessions end to end: the helper (`withTakeout`, `client.startTakeout`) against the test
 * server's `account.initTakeoutSession`, `invokeWithTakeout` (takeout id checked) and
 * `account.finishTakeoutSession`, with the documented errors.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../../src/client/client.js';
import { withTakeout } from '../../src/client/takeout/takeout.js';
import { RpcError } from '../../src/errors.js';
import { TestServer } from '../../src/testing/index.js';

const app = { apiId: 1, apiHash: 'test-hash' };

describe('takeout', () => {
  let server: TestServer;
  let client: Client;
  let userId: number;
  before(async () => {
    server = await TestServer.start({ wsPort: false });
    client = new Client({ ...app, ...server.clientOptions() });
    await client.connect();
    userId = (await client.auth.user({ phone: '9996207777', code: async () => '22222', firstName: 'Export' })).id;
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  test('withTakeout: calls run inside the session (typed results), which is finished afterwards', async () => {
    const takeouts = server.world!.lifecycle.takeouts;
    const invoke = client.invoke.bind(client) as Parameters<typeof withTakeout>[0];
    let id = 0n;
    const nearest = await withTakeout(invoke, { contacts: true, messageUsers: true }, async (takeout) => {
      id = takeout.id;
      assert.equal(takeouts.has(id.toString()), true, 'the server knows the session');
      const result = await takeout.invoke({ _: 'help.getNearestDc' });
      return result.thisDc;
    });
    assert.equal(nearest, server.dcId);
    assert.equal(takeouts.has(id.toString()), false, 'finished');
    await assert.rejects(
      client.invoke({ _: 'invokeWithTakeout', takeoutId: id, query: { _: 'help.getNearestDc' } }),
      (e: unknown) => RpcError.is(e, 'TAKEOUT_INVALID') && e.code === 400,
      'a finished session is no longer valid',
    );
  });

  test('client.startTakeout: an unknown id is TAKEOUT_INVALID, finishing outside a session TAKEOUT_REQUIRED', async () => {
    const takeout = await client.startTakeout({ files: true, fileMaxSize: 1024n });
    await assert.rejects(client.invoke({ _: 'invokeWithTakeout', takeoutId: takeout.id + 1n, query: { _: 'help.getNearestDc' } }), (e: unknown) =>
      RpcError.is(e, 'TAKEOUT_INVALID'),
    );
    await assert.rejects(client.api.account.finishTakeoutSession({ success: true }), (e: unknown) => RpcError.is(e, 'TAKEOUT_REQUIRED') && e.code === 403);
    await takeout.finish();
    await takeout.finish(); // idempotent
  });

  test("another account's takeout id is TAKEOUT_INVALID; bots cannot start one", async () => {
    const takeout = await client.startTakeout();
    const other = new Client({ ...app, ...server.clientOptions() });
    try {
      await other.connect();
      await other.auth.user({ phone: '9996207778', code: async () => '22222', firstName: 'Other' });
      await assert.rejects(other.invoke({ _: 'invokeWithTakeout', takeoutId: takeout.id, query: { _: 'help.getNearestDc' } }), (e: unknown) =>
        RpcError.is(e, 'TAKEOUT_INVALID'),
      );
    } finally {
      await other.close();
      await takeout.finish(false);
    }
    const bot = server.world!.seed.createUser({ firstName: 'Takeout bot', bot: true });
    const botClient = new Client({ ...app, ...server.clientOptions() });
    try {
      await botClient.connect();
      await botClient.auth.bot(bot.botToken!);
      await assert.rejects(botClient.startTakeout(), (e: unknown) => RpcError.is(e, 'BOT_METHOD_INVALID'));
    } finally {
      await botClient.close();
    }
  });

  test('TAKEOUT_INIT_DELAY_X while Telegram waits for the other devices; not slept through', async () => {
    const world = server.world!;
    world.lifecycle.takeoutDelaySeconds = 3600;
    try {
      const first = await client.startTakeout().then(() => assert.fail('expected TAKEOUT_INIT_DELAY'), (e: unknown) => e);
      assert.ok(RpcError.is(first, 'TAKEOUT_INIT_DELAY') && first.code === 420 && first.argument === 3600, String(first));
      await assert.rejects(client.startTakeout(), (e: unknown) => RpcError.is(e, 'TAKEOUT_INIT_DELAY') && e.argument! <= 3600);
      // the wait is over (as if an hour passed)
      world.lifecycle.takeoutAllowedAt.set(String(userId), world.now() - 1);
      const takeout = await client.startTakeout();
      await takeout.finish();
    } finally {
      world.lifecycle.takeoutDelaySeconds = 0;
    }
  });
});
