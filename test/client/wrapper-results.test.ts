/**
 * Generic wrapper methods (`invokeWithLayer`, `invokeWithoutUpdates`, `invokeAfterMsg`,
 * `initConnection`…) answer with their query's result, decoded with the query's own reader and
 * typed as such: a `Vector<User>` comes back as `User[]`, not as raw vector bytes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectTypeOf } from 'expect-type';
import { Client } from '../../src/client/client.js';
import { TestServer } from '../../src/testing/index.js';
import { LAYER } from '../../src/tl/generated/layer.js';
import { resultMethodOf } from '../../src/tl/codec.js';
import type { InvokeAfterMsgRequest, InvokeWithLayerRequest, User, UsersGetUsersRequest } from '../../src/tl/index.js';

let server: TestServer;
before(async () => {
  server = await TestServer.start();
});
after(async () => {
  await server.close();
});

test('resultMethodOf unwraps nested wrappers to the query', () => {
  const inner: UsersGetUsersRequest = { _: 'users.getUsers', id: [] };
  const layered: InvokeWithLayerRequest = { _: 'invokeWithLayer', layer: 1, query: { _: 'invokeWithoutUpdates', query: inner } };
  const after: InvokeAfterMsgRequest = { _: 'invokeAfterMsg', msgId: 1n, query: inner };
  assert.equal(resultMethodOf(inner), 'users.getUsers');
  assert.equal(resultMethodOf(layered), 'users.getUsers');
  assert.equal(resultMethodOf(after), 'users.getUsers');
});

test('wrapped users.getUsers resolves to typed User objects', async () => {
  const bot = server.world!.seed.createUser({ firstName: 'Wrapped', bot: true });
  const client = new Client({ apiId: 1, apiHash: 'x', ...server.clientOptions() });
  await client.run(async () => {
    await client.auth.bot(bot.botToken!);
    const query: UsersGetUsersRequest = { _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] };
    const viaWithoutUpdates = await client.invoke({ _: 'invokeWithoutUpdates', query });
    expectTypeOf(viaWithoutUpdates).toEqualTypeOf<User[]>();
    const viaLayer = await client.invoke({ _: 'invokeWithLayer', layer: LAYER, query: { _: 'invokeWithoutUpdates', query } });
    expectTypeOf(viaLayer).toEqualTypeOf<User[]>();
    for (const users of [viaWithoutUpdates, viaLayer]) {
      assert.ok(Array.isArray(users), 'a decoded array, not a raw vector');
      assert.equal(users.length, 1);
      const me = users[0]!;
      assert.equal(me._, 'user');
      if (me._ === 'user') assert.equal(me.id, bot.id);
    }
    const config = await client.invoke({ _: 'invokeWithoutUpdates', query: { _: 'help.getConfig' } });
    assert.equal(config._, 'config');
  });
});
