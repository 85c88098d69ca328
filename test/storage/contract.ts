/**
 * The storage contract suite: every `Storage` implementation (memory, file, SQLite here;
 * PostgreSQL and Redis in their own suites) must pass it. Call {@link runStorageContract} from a
 * `*.test.ts` file with a factory for the implementation.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BadArgumentError, ClosedError, SessionError } from '../../src/errors.js';
import type { PeerRecord, Storage, StoredAuthKey } from '../../src/storage/types.js';

/** One backing store (a file, a database) for one test, and storages over it. */
export interface StorageFixture {
  /** A storage over the backing store (not opened yet). */
  create(): Storage;
  /**
   * What outlives the storage object (a second `create()` sees it): everything, only the auth
   * keys and the account (the adapter of one-blob sessions), or nothing.
   */
  persistent: 'all' | 'keys' | false;
  /** True when a second open storage over the same backing store is refused. */
  exclusive: boolean;
  /** Removes the backing store. */
  dispose(): Promise<void>;
  /**
   * Writes channel `channelId` at `pts` into the backing store the way the release before channel top
   * message ids did (no storage open over it); absent where nothing outlives the storage.
   */
  writeOldChannel?(channelId: number, pts: number): Promise<void>;
}

/** Deterministic bytes (no randomness in assertions). */
export function keyBytes(seed: number): Uint8Array {
  return Uint8Array.from({ length: 256 }, (_, i) => (i * 31 + seed * 7) & 0xff);
}

function authKey(seed: number, extra: Partial<StoredAuthKey> = {}): StoredAuthKey {
  return { authKey: keyBytes(seed), salt: -(2n ** 63n) + BigInt(seed), timeOffset: -seed, ...extra };
}

function peer(type: PeerRecord['type'], id: number, extra: Partial<PeerRecord> = {}): PeerRecord {
  return { type, id, accessHash: type === 'chat' ? undefined : 2n ** 62n + BigInt(id), min: false, usernames: [], updatedAt: 1_767_225_600, ...extra };
}

/** Drops `undefined` fields, as a stored and reloaded record does. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Runs the contract against the storages `factory` makes. */
export function runStorageContract(name: string, factory: () => Promise<StorageFixture>): void {
  describe(`storage contract: ${name}`, () => {
    const withStorage = async (fn: (s: Storage, fixture: StorageFixture) => Promise<void>): Promise<void> => {
      const fixture = await factory();
      const storage = fixture.create();
      try {
        await storage.open();
        await storage.open(); // idempotent
        await fn(storage, fixture);
      } finally {
        await storage.close();
        await storage.close(); // idempotent
        await fixture.dispose();
      }
    };

    it('starts empty', () =>
      withStorage(async (s) => {
        assert.equal(await s.account.get(), undefined);
        assert.deepEqual(await s.authKeys.list(), []);
        assert.equal(await s.authKeys.get(2), undefined);
        assert.equal(await s.peers.get('user', 1), undefined);
        assert.equal(await s.peers.getByUsername('nobody'), undefined);
        assert.equal(await s.updates.getCommon(), undefined);
        assert.deepEqual(await s.updates.listChannels(), []);
      }));

    it('auth keys: set, get, list in DC order, replace, delete; copies in and out', () =>
      withStorage(async (s) => {
        const input = authKey(1, { host: '127.0.0.1', port: 443 });
        await s.authKeys.set(4, authKey(4));
        await s.authKeys.set(2, input);
        input.authKey[0] = 0xee; // changing the caller's copy changes nothing stored
        const got = await s.authKeys.get(2);
        assert.deepEqual(got, authKey(1, { host: '127.0.0.1', port: 443 }));
        got!.authKey[1] = 0xee;
        assert.deepEqual((await s.authKeys.get(2))!.authKey, keyBytes(1));
        assert.deepEqual((await s.authKeys.list()).map(([id]) => id), [2, 4]);
        await s.authKeys.set(2, { authKey: keyBytes(9) });
        assert.deepEqual(await s.authKeys.get(2), { authKey: keyBytes(9) });
        await s.authKeys.delete(2);
        await s.authKeys.delete(3); // absent: no error
        assert.deepEqual((await s.authKeys.list()).map(([id]) => id), [4]);
      }));

    it('auth keys: bad input is refused with the field named, and nothing is stored', () =>
      withStorage(async (s) => {
        await assert.rejects(s.authKeys.set(2, { authKey: new Uint8Array(255) }), (e) => e instanceof BadArgumentError && /authKey/.test(e.field));
        await assert.rejects(s.authKeys.set(0, authKey(1)), (e) => e instanceof BadArgumentError && e.field === 'dcId');
        await assert.rejects(s.authKeys.set(2, { authKey: keyBytes(1), salt: 2n ** 63n }), (e) => e instanceof BadArgumentError && /salt/.test(e.field));
        assert.deepEqual(await s.authKeys.list(), []);
      }));

    it('account: set, replace, delete', () =>
      withStorage(async (s) => {
        await s.account.set({ dcId: 2 });
        assert.deepEqual(await s.account.get(), { dcId: 2 });
        await s.account.set({ dcId: 4, testMode: true, user: { id: 1_000_042, bot: true } });
        assert.deepEqual(await s.account.get(), { dcId: 4, testMode: true, user: { id: 1_000_042, bot: true } });
        await s.account.set({ dcId: 4 }); // the user is gone when the record no longer has one
        assert.deepEqual(await s.account.get(), { dcId: 4 });
        await s.account.delete();
        assert.equal(await s.account.get(), undefined);
        await assert.rejects(s.account.set({ dcId: 2, user: { id: 0, bot: false } }), BadArgumentError);
      }));

    it('peers: batch put, get by id, username (case-insensitive, without @) and phone', () =>
      withStorage(async (s) => {
        const alice = peer('user', 1_000_001, { usernames: ['Alice', 'alice_collectible'], phone: '15550001', bot: false });
        const news = peer('channel', 1_000_000_001, { usernames: ['NewsChannel'] });
        const group = peer('chat', 55);
        const minUser = peer('user', 1_000_002, { min: true, seenIn: { peerType: 'channel', peerId: 1_000_000_001, msgId: 7 } });
        await s.peers.put([alice, news, group, minUser]);
        assert.deepEqual(await s.peers.get('user', 1_000_001), clean(alice));
        assert.deepEqual(await s.peers.get('chat', 55), clean(group));
        assert.deepEqual(await s.peers.get('user', 1_000_002), clean(minUser));
        assert.equal(await s.peers.get('channel', 1_000_001), undefined, 'ids are per kind');
        assert.equal((await s.peers.getByUsername('ALICE'))?.id, 1_000_001);
        assert.equal((await s.peers.getByUsername('@alice_Collectible'))?.id, 1_000_001);
        assert.equal((await s.peers.getByUsername('newschannel'))?.type, 'channel');
        assert.equal((await s.peers.getByPhone('+1 555 0001'))?.id, 1_000_001);
        assert.equal((await s.peers.getByPhone('15550001'))?.id, 1_000_001);
      }));

    it('peers: a replaced record drops its old usernames; a username that moved resolves to its new owner', () =>
      withStorage(async (s) => {
        await s.peers.put([peer('user', 10, { usernames: ['first', 'second'] }), peer('user', 11, { usernames: ['third'] })]);
        await s.peers.put([peer('user', 10, { usernames: ['second'] })]);
        assert.equal(await s.peers.getByUsername('first'), undefined);
        assert.equal((await s.peers.getByUsername('second'))?.id, 10);
        await s.peers.put([peer('user', 12, { usernames: ['third'] })]);
        assert.equal((await s.peers.getByUsername('third'))?.id, 12);
        await s.peers.put([peer('user', 11, { usernames: [] })]);
        assert.equal((await s.peers.getByUsername('third'))?.id, 12, 'the old owner dropping it does not unlink the new owner');
        await s.peers.delete('user', 10);
        assert.equal(await s.peers.get('user', 10), undefined);
        assert.equal(await s.peers.getByUsername('second'), undefined);
        await s.peers.delete('user', 999); // absent: no error
      }));

    it('peers: a batch with one bad record stores nothing; 2,000 peers in one batch', () =>
      withStorage(async (s) => {
        await assert.rejects(s.peers.put([peer('user', 20), peer('user', -1)]), (e) => e instanceof BadArgumentError && e.field === 'records.1.id');
        await assert.rejects(s.peers.put([peer('user', 21, { usernames: ['@bad'] })]), BadArgumentError);
        assert.equal(await s.peers.get('user', 20), undefined);
        const many = Array.from({ length: 2000 }, (_, i) => peer(i % 2 ? 'user' : 'channel', 5_000_000 + i, { usernames: [`name${i}`] }));
        await s.peers.put(many);
        assert.equal((await s.peers.getByUsername('NAME1999'))?.id, 5_001_999);
        assert.deepEqual(await s.peers.get('channel', 5_000_000), clean(many[0]!));
      }));

    it('updates state: common, channels in batches, delete, clear', () =>
      withStorage(async (s) => {
        await s.updates.setCommon({ pts: 10, qts: 2, date: 1_767_225_600, seq: 3 });
        assert.deepEqual(await s.updates.getCommon(), { pts: 10, qts: 2, date: 1_767_225_600, seq: 3 });
        await s.updates.setChannels([
          [1_000_000_002, 7],
          [1_000_000_001, 5],
        ]);
        await s.updates.setChannels([[1_000_000_001, 6]]);
        assert.equal(await s.updates.getChannel(1_000_000_001), 6);
        assert.equal(await s.updates.getChannel(1_000_000_009), undefined);
        assert.deepEqual(await s.updates.listChannels(), [
          [1_000_000_001, 6],
          [1_000_000_002, 7],
        ]);
        await s.updates.deleteChannel(1_000_000_002);
        assert.deepEqual(await s.updates.listChannels(), [[1_000_000_001, 6]]);
        await assert.rejects(s.updates.setCommon({ pts: -1, qts: 0, date: 0, seq: 0 }), BadArgumentError);
        await s.updates.clear();
        assert.equal(await s.updates.getCommon(), undefined);
        assert.deepEqual(await s.updates.listChannels(), []);
      }));

    it('updates state: a channel keeps its top message id with its pts; unknown (absent, 0) is left out', () =>
      withStorage(async (s) => {
        await s.updates.setChannels([
          [1_000_000_003, 9, 0],
          [1_000_000_001, 5, 120],
          [1_000_000_002, 7],
        ]);
        assert.deepEqual(await s.updates.listChannels(), [
          [1_000_000_001, 5, 120],
          [1_000_000_002, 7],
          [1_000_000_003, 9],
        ]);
        assert.equal(await s.updates.getChannel(1_000_000_001), 5);
        // an entry replaces the position as given: without a top message it is unknown again
        await s.updates.setChannels([
          [1_000_000_001, 6],
          [1_000_000_002, 8, 2_147_483_647],
        ]);
        assert.deepEqual(await s.updates.listChannels(), [
          [1_000_000_001, 6],
          [1_000_000_002, 8, 2_147_483_647],
          [1_000_000_003, 9],
        ]);
        await assert.rejects(s.updates.setChannels([[1_000_000_004, 1, -1]]), BadArgumentError);
        await assert.rejects(s.updates.setChannels([[1_000_000_004, 1, 1.5]]), BadArgumentError);
        assert.equal(await s.updates.getChannel(1_000_000_004), undefined);
        await s.updates.deleteChannel(1_000_000_002);
        assert.deepEqual(await s.updates.listChannels(), [
          [1_000_000_001, 6],
          [1_000_000_003, 9],
        ]);
      }));

    it('updates state: a channel stored by the previous release loads as pts only and takes a top message id', async () => {
      const fixture = await factory();
      try {
        if (!fixture.writeOldChannel) return;
        await fixture.writeOldChannel(1_000_000_001, 77);
        const first = fixture.create();
        await first.open();
        try {
          assert.deepEqual(await first.updates.listChannels(), [[1_000_000_001, 77]]);
          assert.equal(await first.updates.getChannel(1_000_000_001), 77);
          await first.updates.setChannels([[1_000_000_001, 78, 501]]);
        } finally {
          await first.close();
        }
        const second = fixture.create();
        await second.open();
        try {
          assert.deepEqual(await second.updates.listChannels(), [[1_000_000_001, 78, 501]]);
        } finally {
          await second.close();
        }
      } finally {
        await fixture.dispose();
      }
    });

    it('many concurrent writes all land', () =>
      withStorage(async (s) => {
        await Promise.all([
          ...Array.from({ length: 50 }, (_, i) => s.peers.put([peer('user', 100 + i)])),
          ...Array.from({ length: 20 }, (_, i) => s.updates.setChannels([[2_000_000 + i, i]])),
          s.authKeys.set(2, authKey(2)),
          s.account.set({ dcId: 2, user: { id: 7, bot: false } }),
        ]);
        for (let i = 0; i < 50; i++) assert.ok(await s.peers.get('user', 100 + i), `peer ${i}`);
        assert.equal((await s.updates.listChannels()).length, 20);
      }));

    it('what was stored is there after close and a new open (persistent stores)', async () => {
      const fixture = await factory();
      try {
        const first = fixture.create();
        await first.open();
        await first.authKeys.set(2, authKey(2, { host: 'dc2.example', port: 8443 }));
        await first.account.set({ dcId: 2, user: { id: 1_000_042, bot: false } });
        await first.peers.put([peer('channel', 1_000_000_001, { usernames: ['Chan'], accessHash: -5n })]);
        await first.updates.setCommon({ pts: 1, qts: 0, date: 2, seq: 0 });
        await first.updates.setChannels([
          [1_000_000_001, 40],
          [1_000_000_002, 41, 900],
        ]);
        await first.close();
        const second = fixture.create();
        await second.open();
        try {
          if (!fixture.persistent) {
            assert.deepEqual(await second.authKeys.list(), []);
            return;
          }
          assert.deepEqual(await second.authKeys.get(2), authKey(2, { host: 'dc2.example', port: 8443 }));
          assert.deepEqual(await second.account.get(), { dcId: 2, user: { id: 1_000_042, bot: false } });
          if (fixture.persistent === 'keys') {
            assert.equal(await second.peers.get('channel', 1_000_000_001), undefined, 'peers are kept in memory only');
            return;
          }
          assert.deepEqual(await second.peers.getByUsername('chan'), clean(peer('channel', 1_000_000_001, { usernames: ['Chan'], accessHash: -5n })));
          assert.deepEqual(await second.updates.getCommon(), { pts: 1, qts: 0, date: 2, seq: 0 });
          assert.deepEqual(await second.updates.listChannels(), [
            [1_000_000_001, 40],
            [1_000_000_002, 41, 900],
          ]);
          // a storage can be closed and opened again
          await second.close();
          await second.open();
          assert.equal((await second.account.get())?.user?.id, 1_000_042);
        } finally {
          await second.close();
        }
      } finally {
        await fixture.dispose();
      }
    });

    it('one open storage per backing store (exclusive stores); closed storages refuse calls', async () => {
      const fixture = await factory();
      try {
        const first = fixture.create();
        await first.open();
        const second = fixture.create();
        if (fixture.exclusive) {
          await assert.rejects(second.open(), (e) => e instanceof SessionError && /locked|in use/.test(e.message));
          await first.close();
          await second.open();
          await second.close();
          await assert.rejects(second.authKeys.list(), ClosedError);
        } else {
          await second.open();
          await second.close();
          await first.close();
        }
      } finally {
        await fixture.dispose();
      }
    });
  });
}
