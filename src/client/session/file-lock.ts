import { randomBytes } from 'node:crypto';
import { unlinkSync, readFileSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { SessionLockedError } from '../errors.js';

interface LockContent {
  pid: number;
  host: string;
  token: string;
}

// A lock file younger than this with unreadable content may still be being written.
const FRESH_LOCK_MS = 5_000;
const MAX_ATTEMPTS = 3;

/** True when a process with this pid exists on this machine. */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseLock(text: string): LockContent | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockContent>;
    if (Number.isInteger(value.pid) && typeof value.host === 'string' && typeof value.token === 'string') {
      return value as LockContent;
    }
  } catch {
    /* unreadable */
  }
  return undefined;
}

/**
 * An advisory lock file (`<session>.lock`) holding the owner's pid, host and a random token.
 * Created with `wx` (fails if it exists). A lock whose pid no longer runs on this host is
 * stale and is taken over. Released on {@link FileLock.release} or when the process exits
 * normally.
 */
export class FileLock {
  private released = false;
  private readonly onExit = (): void => {
    this.releaseSync();
  };

  private constructor(
    /** Path of the lock file. */
    readonly path: string,
    private readonly token: string,
  ) {
    process.once('exit', this.onExit);
  }

  /**
   * Takes the lock at `lockPath`, or throws {@link SessionLockedError} (naming `sessionFile`)
   * when a live owner holds it.
   */
  static async acquire(lockPath: string, sessionFile: string): Promise<FileLock> {
    const token = randomBytes(12).toString('hex');
    const content: LockContent = { pid: process.pid, host: hostname(), token };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        const handle = await open(lockPath, 'wx', 0o600);
        try {
          await handle.writeFile(JSON.stringify(content));
        } finally {
          await handle.close();
        }
        return new FileLock(lockPath, token);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = await readOwner(lockPath);
      if (owner === 'gone') continue;
      if (owner === 'fresh-unreadable') throw new SessionLockedError(sessionFile);
      if (owner !== 'stale') {
        if (owner.host !== content.host || isProcessAlive(owner.pid)) throw new SessionLockedError(sessionFile, owner.pid);
      }
      // The owner died without releasing: remove its lock and try again.
      await unlink(lockPath).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    throw new SessionLockedError(sessionFile);
  }

  /** Removes the lock file if it is still ours. Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    const text = await readFile(this.path, 'utf8').catch(() => undefined);
    if (text !== undefined && parseLock(text)?.token === this.token) {
      await unlink(this.path).catch(() => undefined);
    }
  }

  private releaseSync(): void {
    if (this.released) return;
    this.released = true;
    try {
      if (parseLock(readFileSync(this.path, 'utf8'))?.token === this.token) unlinkSync(this.path);
    } catch {
      /* exiting anyway */
    }
  }
}

async function readOwner(lockPath: string): Promise<LockContent | 'gone' | 'stale' | 'fresh-unreadable'> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, { mtimeMs }] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  const owner = parseLock(text);
  if (owner) return owner;
  return Date.now() - mtimeMs < FRESH_LOCK_MS ? 'fresh-unreadable' : 'stale';
}
