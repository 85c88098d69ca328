/**
 * The tables of a tgts SQLite file. Version 1 (what `SqliteSession` wrote) has `tgts_meta` and
 * `tgts_dcs`; version 2 adds the peer and updates-state tables and keeps the first two as they
 * were, so either class opens any version; version 3 adds `top_message_id` to `tgts_channel_pts`
 * (0 for rows written before it: unknown).
 *
 * @module
 */
import { SessionError } from '../../errors.js';
import { detectForeignSessionTables, ForeignSessionError } from '../session/foreign.js';
import { SESSION_FORMAT } from '../session/json-v1.js';
import { readMeta, tableNames, type Db } from './database.js';

export const V1_TABLES = `
CREATE TABLE tgts_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tgts_dcs (
  dc_id INTEGER PRIMARY KEY,
  host TEXT,
  port INTEGER,
  auth_key BLOB,
  salt TEXT,
  time_offset INTEGER
);`;

const V2_TABLES = `
CREATE TABLE tgts_peers (
  type TEXT NOT NULL,
  id INTEGER NOT NULL,
  access_hash TEXT,
  min INTEGER NOT NULL,
  usernames TEXT NOT NULL,
  phone TEXT,
  bot INTEGER,
  seen_in TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (type, id)
) WITHOUT ROWID;
CREATE TABLE tgts_usernames (username TEXT PRIMARY KEY, type TEXT NOT NULL, id INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX tgts_usernames_peer ON tgts_usernames (type, id);
CREATE TABLE tgts_phones (phone TEXT PRIMARY KEY, type TEXT NOT NULL, id INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE tgts_updates_common (id INTEGER PRIMARY KEY CHECK (id = 1), pts INTEGER NOT NULL, qts INTEGER NOT NULL, date INTEGER NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE tgts_channel_pts (channel_id INTEGER PRIMARY KEY, pts INTEGER NOT NULL);`;

/** Version 2 to 3, in place: existing channel rows keep their pts, their top message unknown. */
const V3_CHANGES = 'ALTER TABLE tgts_channel_pts ADD COLUMN top_message_id INTEGER NOT NULL DEFAULT 0;';

/** The version `SqliteStorage` reads and writes. */
export const SQLITE_VERSION = 3;

const V1_NAMES = ['tgts_dcs', 'tgts_meta'];

/** Checks that `db` is empty or a tgts file of a known version; returns that version (0 = empty). */
export function schemaVersion(db: Db, path: string): 0 | 1 | 2 | 3 {
  const tables = tableNames(db);
  if (tables.length === 0) return 0;
  if (!V1_NAMES.every((t) => tables.includes(t))) {
    const foreign = detectForeignSessionTables(tables);
    if (foreign) throw new ForeignSessionError(foreign, path);
    throw new SessionError(`not a tgts session database (tables: ${tables.join(', ')})`, path);
  }
  const meta = readMeta(db);
  if (meta.get('format') !== SESSION_FORMAT) throw new SessionError('not a tgts session database', path, 'format');
  const version = meta.get('version');
  if (version === '1') return 1;
  if (version === '2') return 2;
  if (version === '3') return 3;
  throw new SessionError(`unsupported version ${version}, expected 1 to ${SQLITE_VERSION}`, path, 'version');
}

/** Creates the version 1 tables in an empty database (what `SqliteSession` starts). */
export function createV1(db: Db): void {
  db.exec(V1_TABLES);
  db.prepare('INSERT INTO tgts_meta (key, value) VALUES (?, ?), (?, ?)').run('format', SESSION_FORMAT, 'version', '1');
}

/** Brings an empty or older database to {@link SQLITE_VERSION} (inside the caller's transaction). */
export function upgradeSchema(db: Db, path: string): void {
  const version = schemaVersion(db, path);
  if (version === SQLITE_VERSION) return;
  if (version === 0) createV1(db);
  if (version < 2) db.exec(V2_TABLES);
  db.exec(V3_CHANGES);
  db.prepare('UPDATE tgts_meta SET value = ? WHERE key = ?').run(String(SQLITE_VERSION), 'version');
}
