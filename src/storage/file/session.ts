import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ClosedError, SessionError } from '../../errors.js';
import { sessionFromJson, sessionToJson } from '../session/json-v1.js';
import type { SessionData, SessionStorage } from '../session/types.js';
import { validateSessionData } from '../session/validate.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write.js';
import { FileLock } from './lock.js';

/** Options of {@link FileSession}. */
export interface FileSessionOptions {
  /**
   * Take `<path>.lock` so a second client on the same file fails with
   * `SessionLockedError` instead of a server-side `AUTH_KEY_DUPLICATED`. Default true.
   */
  lock?: boolean;
}

/**
 * Stores the session as a JSON file of the first format (mode 0600, auth keys in base64). Writes
 * are atomic (temp file + fsync + rename) and serialized. The file is opened and locked on the
 * first `load` or `save`; `close` releases the lock. Temporary files of writers that were killed
 * are removed on open. {@link FileStorage} reads these files too and keeps peers and updates state.
 *
 * A file that cannot be parsed makes `load` and `save` throw {@link SessionError} naming the
 * file; it is never overwritten.
 */
export class FileSession implements SessionStorage {
  /** Absolute path of the session file. */
  readonly path: string;
  private readonly useLock: boolean;
  private opening: Promise<void> | undefined;
  private lock: FileLock | undefined;
  private data: SessionData | undefined;
  private failure: SessionError | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(path: string, options: FileSessionOptions = {}) {
    this.path = resolve(path);
    this.useLock = options.lock ?? true;
  }

  async load(): Promise<SessionData | undefined> {
    await this.open();
    return this.data === undefined ? undefined : validateSessionData(this.data, this.path);
  }

  async save(data: SessionData): Promise<void> {
    const copy = validateSessionData(data, this.path);
    await this.open();
    const text = sessionToJson(copy);
    const write = this.writing
      .catch(() => undefined)
      .then(() => writeFileAtomic(this.path, text))
      .catch((error: unknown) => {
        throw new SessionError(`cannot write session: ${(error as Error).message}`, this.path, undefined, { cause: error });
      });
    this.writing = write;
    await write;
    this.data = copy;
  }

  /** Waits for pending writes and releases the lock. Further calls throw `ClosedError`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writing.catch(() => undefined);
    await this.opening?.catch(() => undefined);
    await this.lock?.release();
    this.lock = undefined;
  }

  private open(): Promise<void> {
    if (this.closed) return Promise.reject(new ClosedError('session storage is closed'));
    if (this.failure) return Promise.reject(this.failure);
    this.opening ??= this.doOpen().catch((error: unknown) => {
      this.opening = undefined; // a lock held by someone else may be free on the next try
      throw error;
    });
    return this.opening;
  }

  private async doOpen(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new SessionError(`cannot create directory: ${(error as Error).message}`, this.path, undefined, { cause: error });
    }
    if (this.useLock) this.lock = await FileLock.acquire(`${this.path}.lock`, this.path);
    await removeStaleTempFiles(this.path, this.useLock);
    let text: string | undefined;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        await this.abandon(new SessionError(`cannot read session: ${(error as Error).message}`, this.path, undefined, { cause: error }));
      }
    }
    if (text === undefined) return;
    try {
      this.data = sessionFromJson(text, this.path);
    } catch (error) {
      await this.abandon(error as SessionError);
    }
  }

  /** Remembers a fatal open error (so the file is never written) and drops the lock. */
  private async abandon(error: SessionError): Promise<never> {
    this.failure = error;
    await this.lock?.release();
    this.lock = undefined;
    throw error;
  }
}
