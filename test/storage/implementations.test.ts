/**
 * The storage contract against the implementations that ship in `tgts`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FileStorage, MemoryStorage, MemorySession, SqliteStorage, StringSession, storageFromSession } from '../../src/storage/index.js';
import { runStorageContract, type StorageFixture } from './contract.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tgts-storage-'));
}

runStorageContract('MemoryStorage', async () => ({
  create: () => new MemoryStorage(),
  persistent: false,
  exclusive: false,
  dispose: async () => {},
}));

runStorageContract('FileStorage', async (): Promise<StorageFixture> => {
  const dir = await tempDir();
  const path = join(dir, 'a.session');
  return {
    create: () => new FileStorage(path),
    persistent: 'all',
    exclusive: true,
    dispose: () => rm(dir, { recursive: true, force: true }),
    // version 2 before `channelTopMessages`: the channels map alone
    writeOldChannel: (id, pts) => writeFile(path, JSON.stringify({ format: 'tgts-session', version: 2, authKeys: {}, updates: { channels: { [id]: pts } }, peers: [] })),
  };
});

runStorageContract('SqliteStorage', async (): Promise<StorageFixture> => {
  const dir = await tempDir();
  const path = join(dir, 'a.sqlite');
  return {
    create: () => new SqliteStorage(path),
    persistent: 'all',
    exclusive: true,
    dispose: () => rm(dir, { recursive: true, force: true }),
    writeOldChannel: async (id, pts) => {
      // a current file taken back to version 2 (its channel table had no top message column), with a row in it
      const fresh = new SqliteStorage(path);
      await fresh.open();
      await fresh.close();
      const db = new Database(path);
      try {
        db.exec("ALTER TABLE tgts_channel_pts DROP COLUMN top_message_id; UPDATE tgts_meta SET value = '2' WHERE key = 'version'");
        db.prepare('INSERT INTO tgts_channel_pts (channel_id, pts) VALUES (?, ?)').run(id, pts);
      } finally {
        db.close();
      }
    },
  };
});

runStorageContract('MemorySession through the adapter', async (): Promise<StorageFixture> => {
  const session = new MemorySession();
  return { create: () => storageFromSession(session), persistent: 'keys', exclusive: false, dispose: async () => {} };
});

runStorageContract('StringSession through the adapter', async (): Promise<StorageFixture> => {
  const session = new StringSession();
  return { create: () => storageFromSession(session), persistent: 'keys', exclusive: false, dispose: async () => {} };
});
