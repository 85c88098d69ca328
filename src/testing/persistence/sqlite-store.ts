/**
 * On-disk state of a test server or cluster (`tgts-testserver.db` in `dataDir`), SQLite in WAL
 * mode: RSA keys, auth keys (and the user each is signed in as) per DC, the world as rows
 * (`world_rows`: the legacy users/chats/counters and every `world.tables` row), and the sessions
 * with their stored answers (so a re-sent msg_id after a restart gets its answer, not a second
 * execution; answers that are file bytes are not stored, see `durable-state.ts`). Writes happen in {@link TestServerStore.transaction}s; the server commits one per call.
 *
 * A file that is not SQLite, or a SQLite file without our format marker, is refused with
 * {@link TestServerError} and left untouched; a version 1 file (one JSON world snapshot) is
 * migrated to rows in one transaction (`migrate.ts`).
 * @module
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TestServerError } from '../server/errors.js';
import type { JsonValue } from '../world/snapshot.js';
import { migrateFromV1 } from './migrate.js';

/** File name inside `dataDir`. */
export const DATA_FILE_NAME = 'tgts-testserver.db';
/** Value of the `format` row of the `meta` table. */
export const FORMAT_MARKER = 'tgts-testserver';
/** Schema version this code reads and writes. */
export const FORMAT_VERSION = 2;
/** Older versions this code migrates. */
const MIGRATABLE = new Set([1]);

/** An auth key as stored. */
export interface StoredAuthKey {
  authKey: Uint8Array;
  userId?: number;
  expiresAt?: number;
  boundPermId?: bigint;
}

/** One world row (`json` null: deleted). */
export interface StoredRow {
  table: string;
  key: string;
  json: JsonValue | null;
}

/** A session as stored, with its answers. */
export interface StoredSession {
  seqNoCount: number;
  forgottenUpTo: bigint | undefined;
  answers: Array<{ msgId: bigint; body: Uint8Array }>;
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
CREATE TABLE IF NOT EXISTS world_rows (tbl TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (tbl, key));
CREATE TABLE IF NOT EXISTS sessions (
  dc_id INTEGER NOT NULL,
  auth_key_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  seqno_count INTEGER NOT NULL,
  forgotten_up_to TEXT,
  last_used INTEGER NOT NULL,
  PRIMARY KEY (dc_id, auth_key_id, session_id)
);
CREATE TABLE IF NOT EXISTS answers (
  dc_id INTEGER NOT NULL,
  auth_key_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  msg_id TEXT NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (dc_id, auth_key_id, session_id, msg_id)
);
`;

/** Reads the format marker and version of an existing file without writing to it. */
function checkExisting(file: string): number {
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
    if (version !== FORMAT_VERSION && !MIGRATABLE.has(version)) {
      throw new TestServerError(`unsupported data file version ${meta.get('version')} (expected ${FORMAT_VERSION})`, file);
    }
    return version;
  } catch (err) {
    if (err instanceof TestServerError) throw err;
    throw new TestServerError(`cannot read data file: ${(err as Error).message}`, file, { cause: err });
  } finally {
    db?.close();
  }
}

type Statement = Database.Statement<unknown[]>;

/** The SQLite data file of a test server or cluster. */
export class TestServerStore {
  private readonly db: Database.Database;
  private closed = false;
  private readonly sql: Record<string, Statement> = {};

  private constructor(
    readonly file: string,
    existingVersion: number | undefined,
  ) {
    this.db = new Database(file);
    // WAL: a commit is durable against a killed process once it returns; readers never block the writer.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.transaction(() => {
      this.db.exec(SCHEMA);
      if (existingVersion === 1) migrateFromV1(this.db);
      this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('format', FORMAT_MARKER);
      this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('version', String(FORMAT_VERSION));
    })();
  }

  /** Opens (or creates) `dataDir/tgts-testserver.db`. Throws {@link TestServerError} for a corrupt or foreign file. */
  static open(dataDir: string): TestServerStore {
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (err) {
      throw new TestServerError(`cannot create data directory: ${(err as Error).message}`, dataDir, { cause: err });
    }
    const file = join(dataDir, DATA_FILE_NAME);
    const version = existsSync(file) && statSync(file).size > 0 ? checkExisting(file) : undefined;
    try {
      return new TestServerStore(file, version);
    } catch (err) {
      if (err instanceof TestServerError) throw err;
      throw new TestServerError(`cannot open data file: ${(err as Error).message}`, file, { cause: err });
    }
  }

  private stmt(text: string): Statement {
    return (this.sql[text] ??= this.db.prepare(text));
  }

  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.db.transaction(fn)();
  }

  /** Private RSA key (PEM) of a DC, if stored. */
  getRsaKey(dcId: number): string | undefined {
    const row = this.stmt('SELECT private_pem FROM rsa_keys WHERE dc_id = ?').get(dcId) as { private_pem: string } | undefined;
    return row?.private_pem;
  }

  setRsaKey(dcId: number, privatePem: string): void {
    this.stmt('INSERT OR REPLACE INTO rsa_keys (dc_id, private_pem) VALUES (?, ?)').run(dcId, privatePem);
  }

  /** Every auth key of a DC. */
  loadAuthKeys(dcId: number): StoredAuthKey[] {
    const rows = this.stmt('SELECT auth_key, user_id, expires_at, bound_perm_id FROM auth_keys WHERE dc_id = ?').all(dcId) as AuthKeyRow[];
    return rows.map((r) => {
      const out: StoredAuthKey = { authKey: new Uint8Array(r.auth_key) };
      if (r.user_id !== null) out.userId = r.user_id;
      if (r.expires_at !== null) out.expiresAt = r.expires_at;
      if (r.bound_perm_id !== null) out.boundPermId = BigInt(r.bound_perm_id);
      return out;
    });
  }

  saveAuthKey(dcId: number, authKeyId: bigint, key: StoredAuthKey): void {
    this.stmt('INSERT OR REPLACE INTO auth_keys (dc_id, auth_key_id, auth_key, user_id, expires_at, bound_perm_id) VALUES (?, ?, ?, ?, ?, ?)').run(
      dcId,
      authKeyId.toString(),
      Buffer.from(key.authKey),
      key.userId ?? null,
      key.expiresAt ?? null,
      key.boundPermId?.toString() ?? null,
    );
  }

  /** Deletes an auth key with its sessions and their answers. */
  deleteAuthKey(dcId: number, authKeyId: bigint): void {
    const id = authKeyId.toString();
    this.transaction(() => {
      this.stmt('DELETE FROM auth_keys WHERE dc_id = ? AND auth_key_id = ?').run(dcId, id);
      this.stmt('DELETE FROM sessions WHERE dc_id = ? AND auth_key_id = ?').run(dcId, id);
      this.stmt('DELETE FROM answers WHERE dc_id = ? AND auth_key_id = ?').run(dcId, id);
    });
  }

  /** Every stored world row; undefined when the file has no world yet. */
  loadWorldRows(): StoredRow[] | undefined {
    const rows = this.stmt('SELECT tbl, key, json FROM world_rows').all() as Array<{ tbl: string; key: string; json: string }>;
    if (rows.length === 0) return undefined;
    return rows.map((r) => {
      try {
        return { table: r.tbl, key: r.key, json: JSON.parse(r.json) as JsonValue };
      } catch (err) {
        throw new TestServerError(`stored world row ${r.tbl}/${r.key} is not valid JSON: ${(err as Error).message}`, this.file, { cause: err });
      }
    });
  }

  /** Writes (or deletes, `json: null`) world rows. */
  writeWorldRows(rows: readonly StoredRow[]): void {
    const put = this.stmt('INSERT OR REPLACE INTO world_rows (tbl, key, json) VALUES (?, ?, ?)');
    const del = this.stmt('DELETE FROM world_rows WHERE tbl = ? AND key = ?');
    for (const r of rows) {
      if (r.json === null) del.run(r.table, r.key);
      else put.run(r.table, r.key, JSON.stringify(r.json));
    }
  }

  /** A stored session with its answers, or undefined. */
  loadSession(dcId: number, authKeyId: bigint, sessionId: bigint): StoredSession | undefined {
    const k = [dcId, authKeyId.toString(), sessionId.toString()];
    const row = this.stmt('SELECT seqno_count, forgotten_up_to FROM sessions WHERE dc_id = ? AND auth_key_id = ? AND session_id = ?').get(...k) as
      | { seqno_count: number; forgotten_up_to: string | null }
      | undefined;
    if (!row) return undefined;
    const answers = this.stmt('SELECT msg_id, body FROM answers WHERE dc_id = ? AND auth_key_id = ? AND session_id = ?').all(...k) as Array<{
      msg_id: string;
      body: Buffer;
    }>;
    return {
      seqNoCount: row.seqno_count,
      forgottenUpTo: row.forgotten_up_to === null ? undefined : BigInt(row.forgotten_up_to),
      answers: answers.map((a) => ({ msgId: BigInt(a.msg_id), body: new Uint8Array(a.body) })).sort((a, b) => (a.msgId < b.msgId ? -1 : 1)),
    };
  }

  /**
   * Saves a session's counters; a key keeps at most `maxPerKey` stored sessions (the least
   * recently used beyond that are deleted with their answers).
   */
  saveSession(dcId: number, authKeyId: bigint, sessionId: bigint, s: { seqNoCount: number; forgottenUpTo: bigint | undefined; lastUsed: number }, maxPerKey: number): void {
    const key = authKeyId.toString();
    const sid = sessionId.toString();
    const known = this.stmt('SELECT 1 FROM sessions WHERE dc_id = ? AND auth_key_id = ? AND session_id = ?').get(dcId, key, sid);
    this.stmt('INSERT OR REPLACE INTO sessions (dc_id, auth_key_id, session_id, seqno_count, forgotten_up_to, last_used) VALUES (?, ?, ?, ?, ?, ?)').run(
      dcId,
      key,
      sid,
      s.seqNoCount,
      s.forgottenUpTo?.toString() ?? null,
      s.lastUsed,
    );
    if (known) return;
    const stale = this.stmt('SELECT session_id FROM sessions WHERE dc_id = ? AND auth_key_id = ? ORDER BY last_used DESC LIMIT -1 OFFSET ?').all(dcId, key, maxPerKey) as Array<{
      session_id: string;
    }>;
    for (const r of stale) this.deleteSession(dcId, authKeyId, BigInt(r.session_id));
  }

  /** Deletes a session and its answers. */
  deleteSession(dcId: number, authKeyId: bigint, sessionId: bigint): void {
    const k = [dcId, authKeyId.toString(), sessionId.toString()];
    this.transaction(() => {
      this.stmt('DELETE FROM sessions WHERE dc_id = ? AND auth_key_id = ? AND session_id = ?').run(...k);
      this.stmt('DELETE FROM answers WHERE dc_id = ? AND auth_key_id = ? AND session_id = ?').run(...k);
    });
  }

  /** Stores an answer and forgets the answers the session no longer remembers. */
  saveAnswer(dcId: number, authKeyId: bigint, sessionId: bigint, msgId: bigint | undefined, body: Uint8Array | undefined, forgotten: readonly bigint[]): void {
    const key = authKeyId.toString();
    const sid = sessionId.toString();
    const del = this.stmt('DELETE FROM answers WHERE dc_id = ? AND auth_key_id = ? AND session_id = ? AND msg_id = ?');
    for (const id of forgotten) del.run(dcId, key, sid, id.toString());
    if (msgId !== undefined && body !== undefined) {
      this.stmt('INSERT OR REPLACE INTO answers (dc_id, auth_key_id, session_id, msg_id, body) VALUES (?, ?, ?, ?, ?)').run(dcId, key, sid, msgId.toString(), Buffer.from(body));
    }
  }

  /** Counts, for tests and diagnostics. */
  counts(): { worldRows: number; sessions: number; answers: number; authKeys: number } {
    const n = (table: string): number => (this.stmt(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { worldRows: n('world_rows'), sessions: n('sessions'), answers: n('answers'), authKeys: n('auth_keys') };
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
