/**
 * Telegram ending an authorization, against the test server: each case becomes its typed
 * `LoggedOutError`, the client clears what Telegram invalidated from its storage, tells
 * `onLoggedOut` listeners, and can sign in again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../../src/client/client.js';
import type { LoggedOutEvent } from '../../src/client/lifecycle/logged-out.js';
import { AuthKeyDuplicatedError, AuthKeyUnregisteredError, LoggedOutError, RpcError, SessionRevokedError, UserDeactivatedError } from '../../src/errors.js';
import { MemoryStorage } from '../../src/storage/index.js';
import { TestServer } from '../../src/testing/index.js';

const app = { apiId: 1, apiHash: 'test-hash' };
const SELF = { id: [{ _: 'inputUserSelf' as const }] };

describe('session lifecycle', () => {
  let server: TestServer;
  let phones = 0;
  before(async () => {
    server = await TestServer.start({ wsPort: false });
  });
  after(() => server.close());

  /** A fresh test number on DC 2 (code 22222). */
  const phone = (): string => `99962${String(1000 + phones++).padStart(5, '0')}`;

  /** A started client with its own storage and a log of its logged-out events. */
  function client(storage = new MemoryStorage(), extra: Partial<ConstructorParameters<typeof Client>[0]> = {}) {
    const events: LoggedOutEvent[] = [];
    const c = new Client({ ...app, ...server.clientOptions(), storage, ...extra });
    c.onLoggedOut((e) => events.push(e));
    return { c, storage, events };
  }

  async function signIn(c: Client, number: string): Promise<number> {
    const me = await c.auth.user({ phone: number, code: async () => '22222', firstName: 'Life' });
    return me.id;
  }

  /** The storage lost the account and the key of the primary DC. */
  async function assertCleared(storage: MemoryStorage): Promise<void> {
    assert.equal((await storage.account.get())?.user, undefined, 'the account is gone');
    assert.equal(await storage.authKeys.get(server.dcId), undefined, 'the key is gone');
  }

  test('AUTH_KEY_UNREGISTERED on the primary DC of a signed-in client → AuthKeyUnregisteredError', async () => {
    const a = client();
    await a.c.connect();
    try {
      const userId = await signIn(a.c, phone());
      const [, key] = (await a.storage.authKeys.list())[0]!;
      server.importAuthKey(key.authKey); // the server forgets that the key is signed in
      const err = await a.c.api.users.getUsers(SELF).then(() => assert.fail('expected a LoggedOutError'), (e: unknown) => e);
      assert.ok(err instanceof AuthKeyUnregisteredError, String(err));
      assert.ok(err instanceof LoggedOutError);
      assert.ok(RpcError.is(err.rpc, 'AUTH_KEY_UNREGISTERED'));
      await assertCleared(a.storage);
      assert.deepEqual(a.events.map((e) => [e.reason, e.user?.id]), [['authKeyUnregistered', userId]]);
      assert.equal((await a.c.auth.status()).authorized, false);
      // the client stays usable: a new key, a new sign-in
      assert.equal(await signIn(a.c, phone()) > 0, true);
      assert.equal((await a.c.auth.status()).authorized, true);
    } finally {
      await a.c.close();
    }
  });

  test('auth.resetAuthorizations from another device → SessionRevokedError; too fresh → FRESH_RESET_AUTHORISATION_FORBIDDEN', async () => {
    const number = phone();
    const a = client();
    const b = client();
    await Promise.all([a.c.connect(), b.c.connect()]);
    try {
      const userId = await signIn(a.c, number);
      await signIn(b.c, number);
      await assert.rejects(b.c.api.auth.resetAuthorizations(), (e: unknown) => RpcError.is(e, 'FRESH_RESET_AUTHORISATION_FORBIDDEN') && e.code === 406);
      server.world!.lifecycle.freshResetSeconds = 0;
      assert.equal(await b.c.api.auth.resetAuthorizations(), true);
      const err = await a.c.api.users.getUsers(SELF).then(() => assert.fail('expected SESSION_REVOKED'), (e: unknown) => e);
      assert.ok(err instanceof SessionRevokedError, String(err));
      await assertCleared(a.storage);
      assert.deepEqual(a.events.map((e) => [e.reason, e.user?.id]), [['sessionRevoked', userId]]);
      // the device that reset keeps working
      const [me] = await b.c.api.users.getUsers(SELF);
      assert.equal(me?.id, userId);
      assert.deepEqual(b.events, []);
    } finally {
      server.world!.lifecycle.freshResetSeconds = 86_400;
      await Promise.all([a.c.close(), b.c.close()]);
    }
  });

  test('account.resetAuthorization of one listed session → SessionRevokedError there; HASH_INVALID for 0 or unknown', async () => {
    const number = phone();
    const a = client();
    const b = client();
    await Promise.all([a.c.connect(), b.c.connect()]);
    server.world!.lifecycle.freshResetSeconds = 0;
    try {
      await signIn(a.c, number);
      await signIn(b.c, number);
      const { authorizations } = await b.c.api.account.getAuthorizations();
      assert.equal(authorizations.length, 2);
      const current = authorizations.find((x) => x.current);
      const other = authorizations.find((x) => !x.current);
      assert.equal(current?.hash, 0n, 'the current session is listed with hash 0');
      assert.ok(other && other.hash !== 0n);
      await assert.rejects(b.c.api.account.resetAuthorization({ hash: 0n }), (e: unknown) => RpcError.is(e, 'HASH_INVALID'));
      await assert.rejects(b.c.api.account.resetAuthorization({ hash: 12345n }), (e: unknown) => RpcError.is(e, 'HASH_INVALID'));
      assert.equal(await b.c.api.account.resetAuthorization({ hash: other.hash }), true);
      await assert.rejects(a.c.api.users.getUsers(SELF), SessionRevokedError);
      await assertCleared(a.storage);
      assert.equal((await b.c.api.account.getAuthorizations()).authorizations.length, 1);
    } finally {
      server.world!.lifecycle.freshResetSeconds = 86_400;
      await Promise.all([a.c.close(), b.c.close()]);
    }
  });

  test('a deleted account → UserDeactivatedError; a banned one → UserDeactivatedError (banned), and it cannot sign in', async () => {
    for (const how of ['delete', 'ban'] as const) {
      const number = phone();
      const a = client();
      await a.c.connect();
      try {
        const userId = await signIn(a.c, number);
        if (how === 'delete') server.world!.seed.deleteUser(userId);
        else server.world!.seed.banUser(userId);
        const err = await a.c.api.users.getUsers(SELF).then(() => assert.fail('expected USER_DEACTIVATED'), (e: unknown) => e);
        assert.ok(err instanceof UserDeactivatedError, String(err));
        assert.equal(err.banned, how === 'ban');
        assert.ok(RpcError.is(err.rpc, how === 'ban' ? 'USER_DEACTIVATED_BAN' : 'USER_DEACTIVATED'));
        await assertCleared(a.storage);
        assert.deepEqual(a.events.map((e) => e.reason), [how === 'ban' ? 'userBanned' : 'userDeactivated']);
        if (how === 'ban') {
          await assert.rejects(a.c.auth.user({ phone: number, code: async () => '22222' }), (e: unknown) => RpcError.is(e, 'PHONE_NUMBER_BANNED'));
          server.world!.seed.banUser(userId, { unban: true });
          assert.equal(await signIn(a.c, number), userId);
        }
      } finally {
        await a.c.close();
      }
    }
  });

  test('one key used from 127.0.0.1 and 127.0.0.2 at once → AuthKeyDuplicatedError for both', async () => {
    const a = client();
    await a.c.connect();
    const b = client(new MemoryStorage(), { localAddress: '127.0.0.2' });
    try {
      const userId = await signIn(a.c, phone());
      // a copy of the same session, run from another address while the first is connected
      for (const [dc, key] of await a.storage.authKeys.list()) {
        await b.storage.open();
        await b.storage.authKeys.set(dc, key);
        await b.storage.account.set((await a.storage.account.get())!);
      }
      const errB = await b.c.api.users.getUsers(SELF).then(() => assert.fail('expected AUTH_KEY_DUPLICATED'), (e: unknown) => e);
      assert.ok(errB instanceof AuthKeyDuplicatedError, String(errB));
      assert.ok(RpcError.is(errB.rpc, 'AUTH_KEY_DUPLICATED') && errB.rpc.code === 406);
      await assert.rejects(a.c.api.users.getUsers(SELF), AuthKeyDuplicatedError);
      await assertCleared(a.storage);
      await assertCleared(b.storage);
      assert.deepEqual(a.events.map((e) => [e.reason, e.user?.id]), [['authKeyDuplicated', userId]]);
      // a new key (one place at a time) signs in again
      assert.equal(await signIn(a.c, phone()) > 0, true);
    } finally {
      await Promise.all([a.c.close(), b.c.close()]);
    }
  });

  test('client.auth.logOut() clears the storage and tells the listeners (reason logOut)', async () => {
    const a = client();
    await a.c.connect();
    try {
      const userId = await signIn(a.c, phone());
      await a.c.auth.logOut();
      await assertCleared(a.storage);
      assert.deepEqual(a.events.map((e) => [e.reason, e.user?.id, e.error]), [['logOut', userId, undefined]]);
      assert.equal((await a.c.auth.status()).authorized, false);
    } finally {
      await a.c.close();
    }
  });

  test('before sign-in, AUTH_KEY_UNREGISTERED is an ordinary RpcError (sign in first), with no event', async () => {
    const a = client();
    await a.c.connect();
    try {
      await assert.rejects(a.c.api.users.getUsers(SELF), (e: unknown) => RpcError.is(e, 'AUTH_KEY_UNREGISTERED') && !(e instanceof LoggedOutError));
      assert.deepEqual(a.events, []);
      assert.ok(await a.storage.authKeys.get(server.dcId), 'the key stays');
    } finally {
      await a.c.close();
    }
  });
});
