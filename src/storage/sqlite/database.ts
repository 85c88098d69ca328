/**
 * Opening a SQLite file as the one owner (`better-sqlite3`, loaded on first use): the file is
 * created with mode 0600, opened in SQLite's exclusive locking mode and locked at once, so a second
 * client on the same file — in this process or another — gets {@link SessionLockedError}; the
 * operating system drops the lock when the process dies. Shared by `SqliteStorage` and
 * `SqliteSession`.
 *
 * @module
 */
import { closeSync, openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { SessionError, SessionLockedError } from '../../errors.js';

export type Db = BetterSqlite3.Database;

/** Turns a SQLite failure into a session error naming `path`. */
export function sqliteError(error: unknown, path: string): SessionError {
  if (error instanceof SessionError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return new SessionLockedError(path, undefined, { cause: error });
  const reason = code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' ? 'not a SQLite database or corrupt' : (error as Error).message;
  return new SessionError(reason, path, undefined, { cause: error });
}

/** Names of the tables in `db`, sorted. */
export function tableNames(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).sort();
}

/** Rows of `tgts_meta`. */
export function readMeta(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT key, value FROM tgts_meta').all() as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key, r.value]));
}

/**
 * Opens `path` exclusively and runs `prepare` (schema checks and migrations) in the first
 * transaction. A `SessionError` other than "locked" means the file is not ours: it is left as is.
 */
export async function openExclusive(path: string, prepare: (db: Db) => void, pragmas: readonly string[] = []): Promise<Db> {
  const { default: Database } = await import('better-sqlite3');
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // create it ourselves so it gets mode 0600 (SQLite would use 0644); journals inherit it
    closeSync(openSync(path, 'a', 0o600));
  } catch (error) {
    throw new SessionError(`cannot create session file: ${(error as Error).message}`, path, undefined, { cause: error });
  }
  let db: Db;
  try {
    db = new Database(path, { timeout: 0 });
  } catch (error) {
    throw sqliteError(error, path);
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // BEGIN EXCLUSIVE takes the file lock; in exclusive locking mode SQLite keeps it until close
    db.exec('BEGIN EXCLUSIVE');
    try {
      prepare(db);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    for (const pragma of pragmas) db.pragma(pragma);
  } catch (error) {
    db.close();
    throw sqliteError(error, path);
  }
  return db;
}
