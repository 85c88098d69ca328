/** A converted session into a Storage (auth keys, account, peers, updates state) and back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportSession, importSession, sessionFromStorage, sessionToStorage } from '../../src/sessions/index.js';
import { allFixtures, fixtureKey, pathOf } from './fixtures.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { TestStorage } from './memory-storage.js';

const find = (file: string) => allFixtures().find((e) => e.file === file)!;

test('a Telethon .session fills every repository', async () => {
  const e = find('v7.session');
  const storage = new TestStorage();
  await sessionToStorage(await importSession({ path: pathOf(e) }), storage);
  assert.deepEqual(await storage.authKeys.list(), [[2, { authKey: fixtureKey(e.keyLabel), host: '149.154.167.51', port: 443 }]]);
  assert.deepEqual(await storage.account.get(), { dcId: 2 });
  const channel = await storage.peers.getByUsername('TGTS_NEWS');
  assert.deepEqual(channel, { type: 'channel', id: 1987654321, accessHash: 1234567890123456789n, min: false, usernames: ['tgts_news'], updatedAt: 1700000000 });
  assert.equal((await storage.peers.getByPhone('15550001111'))?.id, 5000000001);
  assert.equal((await storage.peers.get('chat', 4321))?.accessHash, undefined);
  assert.deepEqual(await storage.updates.getCommon(), { pts: 120, qts: 4, date: 1699920000, seq: 33 });
  assert.deepEqual(await storage.updates.listChannels(), [[1987654321, 5005]]);

  const back = await sessionFromStorage(storage);
  assert.equal(back.dcId, 2);
  assert.deepEqual(back.updates, { common: { pts: 120, qts: 4, date: 1699920000, seq: 33 }, channels: [[1987654321, 5005]] });
});

test('tdata with several DC keys: all stored, primary first when read back, user kept', async () => {
  const e = allFixtures().find((x) => x.format === 'tdata' && x.account === 0)!;
  const storage = new TestStorage();
  await sessionToStorage(await importSession({ path: pathOf(e) }, { account: 0 }), storage);
  assert.deepEqual((await storage.authKeys.list()).map(([id]) => id).sort(), [2, 4]);
  assert.deepEqual(await storage.account.get(), { dcId: 2, user: { id: 5000000001, bot: false } });
  const back = await sessionFromStorage(storage);
  assert.deepEqual(back.dcs.map((d) => d.id), [2, 4]);
  assert.deepEqual(back.dcs[1]!.authKey, fixtureKey('tdata-plain-0-dc4'));
  // and from the storage into another library
  const text = exportSession(back, 'pyrogram', { apiId: 9 });
  const again = await importSession(text);
  assert.deepEqual({ dc: again.dcId, user: again.user, apiId: again.apiId }, { dc: 2, user: { id: 5000000001, bot: false }, apiId: 9 });
});

test('test mode and bot flag survive the storage', async () => {
  const e = find('v2-bot-test.txt');
  const storage = new TestStorage();
  await sessionToStorage(await importSession({ path: pathOf(e) }), storage);
  assert.deepEqual(await storage.account.get(), { dcId: 1, testMode: true, user: { id: 1000002, bot: true } });
  const back = await sessionFromStorage(storage);
  assert.deepEqual({ testMode: back.testMode, user: back.user }, { testMode: true, user: { id: 1000002, bot: true } });
});

test('an empty storage has nothing to export', async () => {
  await assert.rejects(sessionFromStorage(new TestStorage()), /no account/);
});

test('channel top message ids go from one tgts storage to another; a storage keeping only pts (older, third-party) still takes the positions', async () => {
  const from = new MemoryStorage();
  await from.authKeys.set(2, { authKey: fixtureKey('v7.session') });
  await from.account.set({ dcId: 2 });
  await from.updates.setChannels([
    [1987654321, 5005, 77],
    [1987654322, 9],
  ]);
  const session = await sessionFromStorage(from);
  assert.deepEqual(session.updates?.channels, [
    [1987654321, 5005, 77],
    [1987654322, 9],
  ]);
  const to = new MemoryStorage();
  await sessionToStorage(session, to);
  assert.deepEqual(await to.updates.listChannels(), [
    [1987654321, 5005, 77],
    [1987654322, 9],
  ]);
  const old = new TestStorage();
  await sessionToStorage(session, old);
  assert.deepEqual(await old.updates.listChannels(), [
    [1987654321, 5005],
    [1987654322, 9],
  ]);
});
