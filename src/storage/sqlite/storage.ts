/**
 * {@link Storage} in a SQLite file (`better-sqlite3`), for a bot or an account with many peers.
 * Opens the files `SqliteSession` wrote (version 1) and upgrades them in place to the current version (3).
 *
 * @module
 */
import { resolve } from 'node:path';
import { ClosedError, SessionError, SessionLockedError } from '../../errors.js';
import type { Storage } from '../types.js';
import { openExclusive, sqliteError, type Db } from './database.js';
import { SqliteAccount, SqliteAuthKeys, SqlitePeers, SqliteUpdates } from './repositories.js';
import { upgradeSchema } from './schema.js';

/**
 * A storage in one SQLite database, mode 0600, in WAL mode. The file is locked for as long as the
 * storage is open (SQLite's exclusive locking mode: a second client gets `SessionLockedError`, the
 * operating system drops the lock if the process dies). A file that is not a tgts database is a
 * {@link SessionError} and is left untouched. `close` releases the file; `open` may be called again.
 */
export class SqliteStorage implements Storage {
  /** Absolute path of the database. */
  readonly path: string;
  readonly authKeys: SqliteAuthKeys;
  readonly account: SqliteAccount;
  readonly peers: SqlitePeers;
  readonly updates: SqliteUpdates;
  private db: Db | undefined;
  private opening: Promise<void> | undefined;
  private failure: SessionError | undefined;

  constructor(path: string) {
    this.path = resolve(path);
    const access = {
      run: <T>(step: (db: Db) => T): T => {
        const db = this.db;
        if (!db) throw new ClosedError(`storage ${this.path} is not open`);
        try {
          return step(db);
        } catch (error) {
          throw sqliteError(error, this.path);
        }
      },
    };
    this.authKeys = new SqliteAuthKeys(access);
    this.account = new SqliteAccount(access);
    this.peers = new SqlitePeers(access);
    this.updates = new SqliteUpdates(access);
  }

  open(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.db) return Promise.resolve();
    this.opening ??= this.doOpen().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async doOpen(): Promise<void> {
    try {
      this.db = await openExclusive(this.path, (db) => upgradeSchema(db, this.path), ['journal_mode = WAL', 'synchronous = NORMAL']);
    } catch (error) {
      const wrapped = sqliteError(error, this.path);
      if (!(wrapped instanceof SessionLockedError)) this.failure = wrapped; // not ours: never touch it
      throw wrapped;
    }
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    this.db?.close();
    this.db = undefined;
  }
}
