/**
 * The storage contract against the implementations that ship in `tgts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  return { create: () => new FileStorage(join(dir, 'a.session')), persistent: 'all', exclusive: true, dispose: () => rm(dir, { recursive: true, force: true }) };
});

runStorageContract('SqliteStorage', async (): Promise<StorageFixture> => {
  const dir = await tempDir();
  return { create: () => new SqliteStorage(join(dir, 'a.sqlite')), persistent: 'all', exclusive: true, dispose: () => rm(dir, { recursive: true, force: true }) };
});

runStorageContract('MemorySession through the adapter', async (): Promise<StorageFixture> => {
  const session = new MemorySession();
  return { create: () => storageFromSession(session), persistent: 'keys', exclusive: false, dispose: async () => {} };
});

runStorageContract('StringSession through the adapter', async (): Promise<StorageFixture> => {
  const session = new StringSession();
  return { create: () => storageFromSession(session), persistent: 'keys', exclusive: false, dispose: async () => {} };
});
