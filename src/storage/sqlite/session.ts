import { resolve } from 'node:path';
import { ClosedError, SessionError, SessionLockedError } from '../../errors.js';
import type { DcSession, SessionData, SessionStorage } from '../session/types.js';
import { validateSessionData } from '../session/validate.js';
import { openExclusive, readMeta, sqliteError, type Db } from './database.js';
import { createV1, schemaVersion } from './schema.js';

interface DcRow {
  dc_id: number;
  host: string | null;
  port: number | null;
  auth_key: Uint8Array | null;
  salt: string | null;
  time_offset: number | null;
}

/**
 * Stores the session (first format) in a SQLite database (via `better-sqlite3`) with two tables,
 * `tgts_meta` (key/value) and `tgts_dcs` (one row per DC). `SqliteStorage` opens these files
 * too and adds peers and updates state; this class still opens a file it upgraded. The
 * database is opened in SQLite's exclusive locking mode, so a second client on the same file — in this process or another —
 * gets {@link SessionLockedError}; the operating system drops the lock if the process dies.
 *
 * A file that is not a SQLite database, or a database with other tables and no tgts
 * schema, makes `load`/`save` throw {@link SessionError} and is left untouched.
 */
export class SqliteSession implements SessionStorage {
  /** Absolute path of the database file. */
  readonly path: string;
  private db: Db | undefined;
  private opening: Promise<Db> | undefined;
  private failure: SessionError | undefined;
  private closed = false;

  constructor(path: string) {
    this.path = resolve(path);
  }

  async load(): Promise<SessionData | undefined> {
    const db = await this.open();
    try {
      return this.guard(() => this.read(db));
    } catch (error) {
      this.failure = error as SessionError; // invalid stored data: never overwrite it
      throw error;
    }
  }

  async save(data: SessionData): Promise<void> {
    const copy = validateSessionData(data, this.path);
    const db = await this.open();
    this.guard(() => this.write(db, copy));
  }

  /** Closes the database, which releases the lock. Further calls throw `ClosedError`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.opening?.catch(() => undefined);
    this.db?.close();
    this.db = undefined;
  }

  private open(): Promise<Db> {
    if (this.closed) return Promise.reject(new ClosedError('session storage is closed'));
    if (this.failure) return Promise.reject(this.failure);
    this.opening ??= this.doOpen().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  private async doOpen(): Promise<Db> {
    try {
      this.db = await openExclusive(this.path, (db) => {
        if (schemaVersion(db, this.path) === 0) createV1(db);
      });
    } catch (error) {
      const wrapped = sqliteError(error, this.path);
      if (!(wrapped instanceof SessionLockedError)) this.failure = wrapped;
      throw wrapped;
    }
    return this.db;
  }

  private read(db: Db): SessionData | undefined {
    const meta = readMeta(db);
    const dcId = meta.get('dc_id');
    if (dcId === undefined) return undefined;
    const dcs: Record<string, DcSession> = {};
    for (const row of db.prepare('SELECT * FROM tgts_dcs').all() as DcRow[]) {
      const dc: DcSession = {};
      if (row.host !== null) dc.host = row.host;
      if (row.port !== null) dc.port = row.port;
      if (row.auth_key !== null) dc.authKey = new Uint8Array(row.auth_key);
      if (row.salt !== null) {
        if (!/^-?\d{1,20}$/.test(row.salt)) throw new SessionError('must be a decimal string', this.path, `dcs.${row.dc_id}.salt`);
        dc.salt = BigInt(row.salt);
      }
      if (row.time_offset !== null) dc.timeOffset = row.time_offset;
      dcs[String(row.dc_id)] = dc;
    }
    // the two tables are the same in every version (checked on open)
    const raw: Record<string, unknown> = { version: 1, dcId: Number(dcId), dcs };
    const testMode = meta.get('test_mode');
    if (testMode !== undefined) raw.testMode = testMode === '1';
    const userId = meta.get('user_id');
    if (userId !== undefined) raw.user = { id: Number(userId), bot: meta.get('user_bot') === '1' };
    return validateSessionData(raw, this.path);
  }

  private write(db: Db, data: SessionData): void {
    const setMeta = db.prepare('INSERT OR REPLACE INTO tgts_meta (key, value) VALUES (?, ?)');
    const delMeta = db.prepare('DELETE FROM tgts_meta WHERE key = ?');
    const insertDc = db.prepare(
      'INSERT INTO tgts_dcs (dc_id, host, port, auth_key, salt, time_offset) VALUES (?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      setMeta.run('dc_id', String(data.dcId));
      if (data.testMode === undefined) delMeta.run('test_mode');
      else setMeta.run('test_mode', data.testMode ? '1' : '0');
      if (data.user === undefined) {
        delMeta.run('user_id');
        delMeta.run('user_bot');
      } else {
        setMeta.run('user_id', String(data.user.id));
        setMeta.run('user_bot', data.user.bot ? '1' : '0');
      }
      db.exec('DELETE FROM tgts_dcs');
      for (const [id, dc] of Object.entries(data.dcs)) {
        insertDc.run(
          Number(id),
          dc.host ?? null,
          dc.port ?? null,
          dc.authKey ? Buffer.from(dc.authKey) : null,
          dc.salt?.toString() ?? null,
          dc.timeOffset ?? null,
        );
      }
    })();
  }

  /** Runs a synchronous database step, turning SQLite errors into session errors. */
  private guard<T>(step: () => T): T {
    try {
      return step();
    } catch (error) {
      throw this.wrap(error);
    }
  }

  private wrap(error: unknown): SessionError {
    return sqliteError(error, this.path);
  }
}
