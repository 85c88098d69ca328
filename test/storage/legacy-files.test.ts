/**
 * Sessions written by tgts 0.1 (`test/fixtures/tgts-0.1-sessions/`, made with the code of that version)
 * keep loading: the JSON file and the SQLite file in the new storages, all three through the old
 * classes and the adapter.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionError } from '../../src/errors.js';
import { FileSession, FileStorage, SqliteSession, SqliteStorage, StringSession, storageFromSession } from '../../src/storage/index.js';
import type { Storage } from '../../src/storage/types.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'tgts-0.1-sessions');
const key = (seed: number): Uint8Array => Uint8Array.from({ length: 256 }, (_, i) => (i * 7 + seed) & 0xff);

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tgts-legacy-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function fixture(name: string): Promise<string> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  await copyFile(join(FIXTURES, name), path);
  return path;
}

/** What every fixture holds (see its README). */
async function assertFixtureContents(storage: Storage, user: { id: number; bot: boolean }, dc2: { salt: bigint; timeOffset: number }): Promise<void> {
  assert.deepEqual(await storage.account.get(), { dcId: 2, user });
  const keys = await storage.authKeys.list();
  assert.deepEqual(
    keys.map(([id]) => id),
    keys.length === 1 ? [2] : [2, 4],
  );
  assert.deepEqual(await storage.authKeys.get(2), { authKey: key(1), salt: dc2.salt, timeOffset: dc2.timeOffset, host: '127.0.0.1', port: 44302 });
}

describe('session files of tgts 0.1', () => {
  it('FileStorage reads a version 1 JSON file and upgrades it on the first write', async () => {
    const path = await fixture('v1.session.json');
    const storage = new FileStorage(path);
    await storage.open();
    await assertFixtureContents(storage, { id: 1_000_042, bot: false }, { salt: -1234567890123456789n, timeOffset: -3 });
    assert.deepEqual((await storage.authKeys.get(4))?.authKey, key(4));
    await storage.peers.put([{ type: 'user', id: 1_000_043, accessHash: 5n, min: false, usernames: ['friend'], updatedAt: 1 }]);
    await storage.close();
    assert.equal(JSON.parse(await readFile(path, 'utf8')).version, 2);
    const again = new FileStorage(path);
    await again.open();
    await assertFixtureContents(again, { id: 1_000_042, bot: false }, { salt: -1234567890123456789n, timeOffset: -3 });
    assert.equal((await again.peers.getByUsername('friend'))?.id, 1_000_043);
    await again.close();
    // the old class says what the upgraded file is instead of misreading it
    await assert.rejects(new FileSession(path).load(), (e) => e instanceof SessionError && /FileStorage/.test(e.message));
  });

  it('SqliteStorage opens a version 1 database and upgrades it in place; SqliteSession still opens it', async () => {
    const path = await fixture('v1.session.sqlite');
    const storage = new SqliteStorage(path);
    await storage.open();
    await assertFixtureContents(storage, { id: 1_000_042, bot: false }, { salt: -1234567890123456789n, timeOffset: -3 });
    await storage.updates.setChannels([[1_000_000_001, 9]]);
    await storage.close();
    const old = new SqliteSession(path);
    const data = await old.load();
    assert.equal(data?.user?.id, 1_000_042);
    assert.deepEqual(data?.dcs[2]?.authKey, key(1));
    await old.close();
    const again = new SqliteStorage(path);
    await again.open();
    assert.equal(await again.updates.getChannel(1_000_000_001), 9);
    await again.close();
  });

  for (const [name, make] of [
    ['FileSession', async () => new FileSession(await fixture('v1.session.json'))],
    ['SqliteSession', async () => new SqliteSession(await fixture('v1.session.sqlite'))],
  ] as const) {
    it(`${name} with the 0.1 file works through the adapter`, async () => {
      const storage = storageFromSession(await make());
      await storage.open();
      await assertFixtureContents(storage, { id: 1_000_042, bot: false }, { salt: -1234567890123456789n, timeOffset: -3 });
      await storage.authKeys.set(2, { authKey: key(9) });
      await storage.close();
    });
  }

  it('a StringSession string of 0.1 works through the adapter', async () => {
    const text = (await readFile(join(FIXTURES, 'v1.session.string'), 'utf8')).trim();
    const session = new StringSession(text);
    const storage = storageFromSession(session);
    await storage.open();
    await assertFixtureContents(storage, { id: 1_000_042, bot: true }, { salt: 99n, timeOffset: 1 });
    await storage.account.set({ dcId: 4, user: { id: 1_000_042, bot: true } });
    await storage.close();
    assert.equal(StringSession.decode(session.toString()).dcId, 4, 'changes go back into the string');
  });
});
