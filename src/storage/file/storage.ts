/**
 * {@link Storage} in one JSON file (format version 2, see `format.ts`), for a bot or a script on
 * one machine. Reads the files `FileSession` wrote (version 1) and upgrades them on the first
 * write.
 *
 * @module
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ClosedError, SessionError } from '../../errors.js';
import { MemoryAccount, MemoryAuthKeys, MemoryPeers, MemoryUpdates, type RepositoryHooks } from '../memory.js';
import type { Storage } from '../types.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write.js';
import { decodeFile, encodeFile } from './format.js';
import { FileLock } from './lock.js';

/** Options of {@link FileStorage}. */
export interface FileStorageOptions {
  /**
   * Take `<path>.lock` so a second client on the same file fails with `SessionLockedError`
   * instead of Telegram answering `AUTH_KEY_DUPLICATED`. Default true.
   */
  lock?: boolean;
}

/**
 * A storage in one file, mode 0600. Every change is written atomically (temp file, fsync,
 * rename); changes made while a write is in flight are coalesced into the next one, so a batch of
 * calls costs one or two writes. `open` takes the lock (`SessionLockedError` when a live process
 * holds it), removes temp files of writers that were killed, and reads the file; a file that
 * cannot be read is reported as a {@link SessionError} naming the file and the field, and is never
 * overwritten. `close` waits for pending writes and releases the lock; the storage may be opened
 * again afterwards.
 */
export class FileStorage implements Storage {
  /** Absolute path of the file. */
  readonly path: string;
  readonly authKeys: MemoryAuthKeys;
  readonly account: MemoryAccount;
  readonly peers: MemoryPeers;
  readonly updates: MemoryUpdates;
  private readonly useLock: boolean;
  private state: 'closed' | 'opening' | 'open' = 'closed';
  private opening: Promise<void> | undefined;
  private lock: FileLock | undefined;
  private failure: SessionError | undefined;
  /** The write queued behind the current one (changes join it until it starts). */
  private next: Promise<void> | undefined;
  private tail: Promise<void> = Promise.resolve();

  constructor(path: string, options: FileStorageOptions = {}) {
    this.path = resolve(path);
    this.useLock = options.lock ?? true;
    const hooks: RepositoryHooks = {
      check: () => {
        if (this.state !== 'open') throw new ClosedError(`storage ${this.path} is not open`);
      },
      changed: () => this.write(),
    };
    this.authKeys = new MemoryAuthKeys(hooks);
    this.account = new MemoryAccount(hooks);
    this.peers = new MemoryPeers(hooks);
    this.updates = new MemoryUpdates(hooks);
  }

  open(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.state === 'open') return Promise.resolve();
    this.opening ??= this.doOpen().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async doOpen(): Promise<void> {
    this.state = 'opening';
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
        throw new SessionError(`cannot create directory: ${(error as Error).message}`, this.path, undefined, { cause: error });
      });
      if (this.useLock) this.lock = await FileLock.acquire(`${this.path}.lock`, this.path);
      await removeStaleTempFiles(this.path, this.useLock);
      await this.read();
      this.state = 'open';
    } catch (error) {
      this.state = 'closed';
      await this.lock?.release();
      this.lock = undefined;
      throw error;
    }
  }

  private async read(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.account.load(undefined);
        this.authKeys.reset();
        this.peers.reset();
        this.updates.load(undefined, []);
        return;
      }
      throw (this.failure = new SessionError(`cannot read: ${(error as Error).message}`, this.path, undefined, { cause: error }));
    }
    let contents;
    try {
      contents = decodeFile(text, this.path);
    } catch (error) {
      // remembered: a file we cannot read is never written over
      throw (this.failure = error instanceof SessionError ? error : new SessionError(String(error), this.path));
    }
    this.account.load(contents.account);
    this.authKeys.reset();
    this.peers.reset();
    for (const [id, key] of contents.authKeys) this.authKeys.load(id, key);
    for (const peer of contents.peers) this.peers.store(peer);
    this.updates.load(contents.common, contents.channels);
  }

  /** Schedules a write of the current state; resolves once a write that includes it is done. */
  private write(): Promise<void> {
    if (this.next) return this.next;
    const run = this.tail
      .catch(() => undefined)
      .then(() => {
        this.next = undefined; // later changes need a later write
        return this.flush();
      });
    this.next = run;
    this.tail = run;
    return run;
  }

  private async flush(): Promise<void> {
    const text = encodeFile({
      account: this.account.current(),
      authKeys: [...this.authKeys.entries()].sort(([a], [b]) => a - b),
      peers: [...this.peers.values()],
      ...this.updatesSnapshot(),
    });
    try {
      await writeFileAtomic(this.path, text);
    } catch (error) {
      throw new SessionError(`cannot write: ${(error as Error).message}`, this.path, undefined, { cause: error });
    }
  }

  private updatesSnapshot(): ReturnType<MemoryUpdates['snapshot']> {
    return this.updates.snapshot(); // ordered by channel id already
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    if (this.state !== 'open') return;
    this.state = 'closed';
    await this.tail.catch(() => undefined);
    await this.lock?.release();
    this.lock = undefined;
  }
}
