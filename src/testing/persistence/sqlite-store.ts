/**
 * On-disk state of a test server or cluster (`tgts-testserver.db` in `dataDir`): RSA keys, auth keys
 * (and the user each is signed in as) per DC, and the world snapshot. A file that is not SQLite, or a
 * SQLite file without our format marker, is refused with {@link TestServerError} and left untouched.
 * @module
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TestServerError } from '../server/errors.js';

/** File name inside `dataDir`. */
export const DATA_FILE_NAME = 'tgts-testserver.db';
/** Value of the `format` row of the `meta` table. */
export const FORMAT_MARKER = 'tgts-testserver';
/** Schema version this code reads and writes. */
export const FORMAT_VERSION = 1;

/** An auth key as stored. */
export interface StoredAuthKey {
  authKey: Uint8Array;
  userId?: number;
  expiresAt?: number;
  boundPermId?: bigint;
}

interface AuthKeyRow {
  auth_key: Buffer;
  user_id: number | null;
  expires_at: number | null;
  bound_perm_id: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rsa_keys (dc_id INTEGER PRIMARY KEY, private_pem TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS auth_keys (
  dc_id INTEGER NOT NULL,
  auth_key_id TEXT NOT NULL,
  auth_key BLOB NOT NULL,
  user_id INTEGER,
  expires_at INTEGER,
  bound_perm_id TEXT,
  PRIMARY KEY (dc_id, auth_key_id)
);
CREATE TABLE IF NOT EXISTS world (id INTEGER PRIMARY KEY CHECK (id = 1), snapshot TEXT NOT NULL);
`;

/** Validates an existing file without writing to it. */
function checkExisting(file: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!table) throw new TestServerError('not a tgts test server data file (no meta table)', file);
    const rows = db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>;
    const meta = new Map(rows.map((r) => [r.key, r.value]));
    if (meta.get('format') !== FORMAT_MARKER) {
      throw new TestServerError(`not a tgts test server data file (format marker ${JSON.stringify(meta.get('format') ?? null)})`, file);
    }
    const version = Number(meta.get('version'));
    if (version !== FORMAT_VERSION) {
      throw new TestServerError(`unsupported data file version ${meta.get('version')} (expected ${FORMAT_VERSION})`, file);
    }
  } catch (err) {
    if (err instanceof TestServerError) throw err;
    throw new TestServerError(`cannot read data file: ${(err as Error).message}`, file, { cause: err });
  } finally {
    db?.close();
  }
}

/** The SQLite data file of a test server or cluster. */
export class TestServerStore {
  private readonly db: Database.Database;
  private closed = false;

  private constructor(readonly file: string) {
    this.db = new Database(file);
    this.db.exec(SCHEMA);
    const insert = this.db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)');
    insert.run('format', FORMAT_MARKER);
    insert.run('version', String(FORMAT_VERSION));
  }

  /** Opens (or creates) `dataDir/tgts-testserver.db`. Throws {@link TestServerError} for a corrupt or foreign file. */
  static open(dataDir: string): TestServerStore {
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (err) {
      throw new TestServerError(`cannot create data directory: ${(err as Error).message}`, dataDir, { cause: err });
    }
    const file = join(dataDir, DATA_FILE_NAME);
    if (existsSync(file) && statSync(file).size > 0) checkExisting(file);
    try {
      return new TestServerStore(file);
    } catch (err) {
      throw new TestServerError(`cannot open data file: ${(err as Error).message}`, file, { cause: err });
    }
  }

  /** Private RSA key (PEM) of a DC, if stored. */
  getRsaKey(dcId: number): string | undefined {
    const row = this.db.prepare('SELECT private_pem FROM rsa_keys WHERE dc_id = ?').get(dcId) as { private_pem: string } | undefined;
    return row?.private_pem;
  }

  setRsaKey(dcId: number, privatePem: string): void {
    this.db.prepare('INSERT OR REPLACE INTO rsa_keys (dc_id, private_pem) VALUES (?, ?)').run(dcId, privatePem);
  }

  /** Every auth key of a DC. */
  loadAuthKeys(dcId: number): StoredAuthKey[] {
    const rows = this.db.prepare('SELECT auth_key, user_id, expires_at, bound_perm_id FROM auth_keys WHERE dc_id = ?').all(dcId) as AuthKeyRow[];
    return rows.map((r) => {
      const out: StoredAuthKey = { authKey: new Uint8Array(r.auth_key) };
      if (r.user_id !== null) out.userId = r.user_id;
      if (r.expires_at !== null) out.expiresAt = r.expires_at;
      if (r.bound_perm_id !== null) out.boundPermId = BigInt(r.bound_perm_id);
      return out;
    });
  }

  saveAuthKey(dcId: number, authKeyId: bigint, key: StoredAuthKey): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO auth_keys (dc_id, auth_key_id, auth_key, user_id, expires_at, bound_perm_id) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(dcId, authKeyId.toString(), Buffer.from(key.authKey), key.userId ?? null, key.expiresAt ?? null, key.boundPermId?.toString() ?? null);
  }

  deleteAuthKey(dcId: number, authKeyId: bigint): void {
    this.db.prepare('DELETE FROM auth_keys WHERE dc_id = ? AND auth_key_id = ?').run(dcId, authKeyId.toString());
  }

  /** The stored world snapshot (parsed JSON), if any. */
  loadWorld(): unknown {
    const row = this.db.prepare('SELECT snapshot FROM world WHERE id = 1').get() as { snapshot: string } | undefined;
    if (!row) return undefined;
    try {
      return JSON.parse(row.snapshot) as unknown;
    } catch (err) {
      throw new TestServerError(`stored world snapshot is not valid JSON: ${(err as Error).message}`, this.file, { cause: err });
    }
  }

  saveWorld(snapshot: unknown): void {
    this.db.prepare('INSERT OR REPLACE INTO world (id, snapshot) VALUES (1, ?)').run(JSON.stringify(snapshot));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
