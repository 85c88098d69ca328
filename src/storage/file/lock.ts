/**
 * An exclusive lock next to a session file, safe against processes that die holding it.
 *
 * The lock is a directory `<session>.lock` holding one owner file `<token>.owner` (pid, host,
 * token). It is taken by renaming a prepared directory (owner file already inside) onto that path:
 * `rename` succeeds only when the path is missing or an empty directory, so taking is atomic and a
 * live lock is never empty. A stale lock (its pid no longer runs on this host) is broken by
 * unlinking exactly its owner file — a name no later lock can have — and removing the then empty
 * directory; breaking therefore can never remove a lock taken meanwhile by someone else, however
 * many processes race for it. (A lock file of the previous format is recognised and broken by
 * unlinking it, which cannot remove a lock directory that replaced it meanwhile.)
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmdirSync, unlinkSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { SessionLockedError } from '../../errors.js';
import { isProcessAlive } from './process-alive.js';

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

// An owner file younger than this that cannot be parsed may belong to a process still starting.
const FRESH_MS = 5_000;
const MAX_ATTEMPTS = 8;
const OWNER_SUFFIX = '.owner';

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isInteger(value.pid) && typeof value.host === 'string' && typeof value.token === 'string') return value as LockOwner;
  } catch {
    /* unreadable */
  }
  return undefined;
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Ignores "already gone" (and "no longer empty" for directories) while tidying up. */
async function quietly(step: Promise<unknown>, ...allowed: string[]): Promise<void> {
  try {
    await step;
  } catch (error) {
    if (!['ENOENT', ...allowed].includes(code(error) ?? '')) throw error;
  }
}

/** `live` (with the owner when known), or `stale` (its owner is gone: break it). */
type Verdict = { live: true; pid?: number } | { live: false };

async function judge(path: string, here: string): Promise<Verdict> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, { mtimeMs }] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
  } catch (error) {
    // gone, or replaced by a lock directory meanwhile: the caller looks again
    if (code(error) === 'ENOENT' || code(error) === 'EISDIR') return { live: false };
    throw error;
  }
  const owner = parseOwner(text);
  if (!owner) return Date.now() - mtimeMs < FRESH_MS ? { live: true } : { live: false };
  if (owner.host !== here || isProcessAlive(owner.pid)) return { live: true, pid: owner.pid };
  return { live: false };
}

/** Locks held by this process; one `exit` listener releases them all (one per lock would trip Node's leak warning past 10). */
const held = new Set<FileLock>();
let exitHooked = false;

function releaseAllOnExit(): void {
  for (const lock of held) lock.releaseOnExit();
}

/** A held lock. Released by {@link FileLock.release} or, at the latest, when the process exits normally. */
export class FileLock {
  private released = false;

  private constructor(
    /** Path of the lock directory. */
    readonly path: string,
    private readonly ownerFile: string,
  ) {
    held.add(this);
    if (!exitHooked) {
      exitHooked = true;
      process.once('exit', releaseAllOnExit);
    }
  }

  /**
   * Takes the lock at `lockPath`, or throws {@link SessionLockedError} naming `sessionFile` (with
   * the owner's pid when known) when a live process holds it.
   */
  static async acquire(lockPath: string, sessionFile: string): Promise<FileLock> {
    const dir = dirname(lockPath);
    const name = basename(lockPath);
    await removeStalePreparedLocks(dir, name);
    const token = randomBytes(12).toString('hex');
    const here = hostname();
    const prepared = join(dir, `.${name}.${process.pid}.${token}.tmp`);
    const ownerName = `${token}${OWNER_SUFFIX}`;
    await mkdir(prepared, { mode: 0o700 });
    try {
      await writeFile(join(prepared, ownerName), JSON.stringify({ pid: process.pid, host: here, token } satisfies LockOwner), { mode: 0o600 });
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        try {
          await rename(prepared, lockPath);
          return new FileLock(lockPath, join(lockPath, ownerName));
        } catch (error) {
          if (!['EEXIST', 'ENOTEMPTY', 'ENOTDIR', 'EISDIR', 'EPERM'].includes(code(error) ?? '')) throw error;
        }
        const verdict = await breakIfStale(lockPath, here);
        if (verdict.live) throw new SessionLockedError(sessionFile, verdict.pid);
      }
      throw new SessionLockedError(sessionFile);
    } finally {
      await rm(prepared, { recursive: true, force: true });
    }
  }

  /** Removes the lock if it is still ours. Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    await quietly(unlink(this.ownerFile));
    // fails harmlessly when someone already renamed their lock onto the emptied directory
    await quietly(rmdir(this.path), 'ENOTEMPTY', 'EEXIST');
  }

  /** @internal Synchronous release, for the process `exit` hook. */
  releaseOnExit(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    try {
      unlinkSync(this.ownerFile);
      rmdirSync(this.path);
    } catch {
      /* exiting anyway */
    }
  }
}

/** Looks at whatever holds `lockPath`: a live lock is reported, a stale one is broken. */
async function breakIfStale(lockPath: string, here: string): Promise<Verdict> {
  let kind;
  try {
    kind = await lstat(lockPath);
  } catch (error) {
    if (code(error) === 'ENOENT') return { live: false }; // released meanwhile: try again
    throw error;
  }
  if (!kind.isDirectory()) {
    // The previous format: a lock file with the owner inside. Unlinking it is safe against a
    // racing process that already replaced it with a lock directory: unlink cannot remove one.
    const verdict = await judge(lockPath, here);
    if (!verdict.live) await quietly(unlink(lockPath), 'EISDIR', 'EPERM');
    return verdict;
  }
  let entries: string[];
  try {
    entries = (await readdir(lockPath)).filter((n) => n.endsWith(OWNER_SUFFIX)).sort();
  } catch (error) {
    if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return { live: false };
    throw error;
  }
  for (const entry of entries) {
    const verdict = await judge(join(lockPath, entry), here);
    if (verdict.live) return verdict;
    // this owner file is unique to the dead lock: unlinking it cannot touch a newer lock
    await quietly(unlink(join(lockPath, entry)));
  }
  // empty now (or left empty by a process that died while releasing or breaking)
  await quietly(rmdir(lockPath), 'ENOTEMPTY', 'EEXIST');
  return { live: false };
}

/** Removes `.<name>.<pid>.<token>.tmp` directories of acquirers that died before renaming theirs. */
async function removeStalePreparedLocks(dir: string, name: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const pid = Number(entry.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid)) await rm(join(dir, entry), { recursive: true, force: true });
  }
}

/** @internal Reads the owner of a lock (tests and diagnostics): pid and host, or undefined. */
export function readLockOwner(lockPath: string): { pid: number; host: string } | undefined {
  try {
    for (const entry of readdirSync(lockPath).filter((n) => n.endsWith(OWNER_SUFFIX))) {
      const owner = parseOwner(readFileSync(join(lockPath, entry), 'utf8'));
      if (owner) return { pid: owner.pid, host: owner.host };
    }
  } catch {
    /* no lock */
  }
  return undefined;
}
