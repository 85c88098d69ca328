/**
 * A converted session signs in to the test server without a new key exchange: the server is given
 * the converted auth key for the converted user (`importAuthKey`), a tgts Client runs on the
 * storage the converter filled, and `users.getUsers([inputUserSelf])` answers with that user.
 * The server's auth key count proves no key was created. One session per format.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../../src/client/client.js';
import { MemorySession } from '../../src/storage/index.js';
import { importSession, sessionFromStorage, sessionToStorage, toSessionData, type PortableSession } from '../../src/sessions/index.js';
import { TestServer } from '../../src/testing/index.js';
import { allFixtures, nameOf, pathOf, type Expected } from './fixtures.js';
import { TestStorage } from './memory-storage.js';

const app = { apiId: 1, apiHash: 'test-hash' };

/** One fixture per format and layout family, all on DC 2 (the server's). */
const CHOSEN = [
  'gramjs/v1.txt',
  'gramjs/v1-ipv4.txt',
  'telethon/string-ipv4.txt',
  'telethon/v7.session',
  'pyrogram/v2-user.txt',
  'pyrogram/v1-32.txt',
  'pyrogram/v3.session',
  'mtcute/v3-user.txt',
  'mtcute/v2.txt',
  'tdata/desktop-plain #0',
  'tdata/passcode',
  'tdata/legacy',
];

describe('converted sessions sign in without a key exchange', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start();
  });
  after(() => server.close());

  /** The account the session belongs to: with the converted user id when the format has one. */
  function accountFor(session: PortableSession): number {
    const world = server.world!;
    const id = session.user?.id;
    if (id !== undefined && world.users.has(id)) return id;
    const saved = world.nextUserId;
    if (id !== undefined) world.nextUserId = id;
    const user = world.seed.createUser({ firstName: `Converted ${id ?? 'anonymous'}`, ...(session.user?.bot ? { bot: true } : {}) });
    if (id !== undefined) world.nextUserId = Math.max(saved, id + 1);
    return user.id;
  }

  const fixtures = allFixtures().filter((e) => CHOSEN.includes(nameOf(e)));
  test('every chosen fixture exists', () => assert.equal(fixtures.length, CHOSEN.length));

  for (const e of fixtures) {
    test(nameOf(e), async () => {
      const imported = await importSession({ path: pathOf(e) }, options(e));
      assert.equal(imported.dcId, server.clientOptions().dcId);
      const storage = new TestStorage();
      await sessionToStorage(imported, storage);

      const userId = accountFor(imported);
      const key = (await storage.authKeys.get(imported.dcId))!.authKey;
      server.importAuthKey(key, { userId });
      const keysBefore = server.stats.authKeys;

      // the client runs on what the storage holds; its DC address is the loopback server's
      const data = toSessionData(await sessionFromStorage(storage));
      const own = server.clientOptions();
      data.dcs[imported.dcId] = { ...data.dcs[imported.dcId], host: own.host, port: own.port };
      const client = new Client({ ...app, ...own, session: new MemorySession(data) });
      const [me] = await client.run((api) => api.users.getUsers({ id: [{ _: 'inputUserSelf' }] }));

      assert.ok(me && me._ === 'user');
      assert.equal(me.id, userId);
      if (imported.user) assert.equal(me.id, imported.user.id, 'the user id carried over');
      assert.equal(server.stats.authKeys, keysBefore, 'no new auth key was created');
    });
  }
});

function options(e: Expected) {
  return { ...(e.passcode ? { passcode: e.passcode } : {}), ...(e.account !== undefined ? { account: e.account } : {}) };
}
