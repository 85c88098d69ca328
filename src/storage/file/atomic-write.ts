import { randomBytes } from 'node:crypto';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './process-alive.js';

/**
 * Replaces `path` with `content` so that readers see either the old file or the new one,
 * never a mix: write a temporary file (mode 0600) in the same directory, fsync it, rename it
 * over `path`, then fsync the directory so the rename itself survives a crash.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', mode);
  try {
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Not every platform can open/fsync a directory (Windows); durability there is best effort.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}

/**
 * Removes temporary files `writeFileAtomic` left next to `path` when its writer was killed
 * mid-write. With `holdsLock` (the caller holds the file's lock, so nobody else writes it) every
 * such file is stale; otherwise only those of processes that no longer run.
 */
export async function removeStaleTempFiles(path: string, holdsLock: boolean): Promise<string[]> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const pid = Number(entry.slice(prefix.length).split('.')[0]);
    if (!Number.isInteger(pid) || pid <= 0) continue; // not one of ours (e.g. a lock being prepared)
    if (!holdsLock && (pid === process.pid || isProcessAlive(pid))) continue;
    if (holdsLock && pid === process.pid) continue; // a write of this process may be in flight
    await unlink(join(dir, entry)).then(
      () => removed.push(entry),
      () => undefined,
    );
  }
  return removed;
}
