/**
 * The tables of a fleet database in PostgreSQL, created and migrated on first use. Every row
 * carries the account name, so one database holds many accounts. Migrations are numbered and run
 * once, in order, under a transaction-scoped advisory lock (processes starting together do not
 * race); a database migrated by a newer tgts is refused rather than misread.
 *
 * @module
 */
import type { Pool, PoolClient } from 'pg';
import { SessionError } from '../../errors.js';

/** The schema version this code reads and writes. */
export const SCHEMA_VERSION = 2;

/** Migration `i` brings version `i` to `i + 1`. */
const MIGRATIONS: readonly string[] = [
  `
CREATE TABLE tgts_leases (
  account text PRIMARY KEY,
  token text,
  holder text,
  expires_at timestamptz NOT NULL,
  generation bigint NOT NULL DEFAULT 1,
  acquired_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE tgts_accounts (
  account text PRIMARY KEY,
  dc_id integer NOT NULL,
  test_mode boolean,
  user_id bigint,
  user_bot boolean
);
CREATE TABLE tgts_auth_keys (
  account text NOT NULL,
  dc_id integer NOT NULL,
  auth_key bytea NOT NULL,
  salt bigint,
  time_offset integer,
  host text,
  port integer,
  PRIMARY KEY (account, dc_id)
);
CREATE TABLE tgts_peers (
  account text NOT NULL,
  type text NOT NULL,
  id bigint NOT NULL,
  access_hash bigint,
  min boolean NOT NULL,
  usernames text[] NOT NULL,
  phone text,
  bot boolean,
  seen_type text,
  seen_id bigint,
  seen_msg_id integer,
  updated_at bigint NOT NULL,
  PRIMARY KEY (account, type, id)
);
CREATE TABLE tgts_usernames (
  account text NOT NULL,
  username text NOT NULL,
  type text NOT NULL,
  id bigint NOT NULL,
  PRIMARY KEY (account, username)
);
CREATE INDEX tgts_usernames_peer ON tgts_usernames (account, type, id);
CREATE TABLE tgts_phones (
  account text NOT NULL,
  phone text NOT NULL,
  type text NOT NULL,
  id bigint NOT NULL,
  PRIMARY KEY (account, phone)
);
CREATE INDEX tgts_phones_peer ON tgts_phones (account, type, id);
CREATE TABLE tgts_updates_common (
  account text PRIMARY KEY,
  pts integer NOT NULL,
  qts integer NOT NULL,
  date integer NOT NULL,
  seq integer NOT NULL
);
CREATE TABLE tgts_channel_pts (
  account text NOT NULL,
  channel_id bigint NOT NULL,
  pts integer NOT NULL,
  PRIMARY KEY (account, channel_id)
);`,
  // 2: the highest message id delivered per channel (0 for rows written before: unknown)
  `ALTER TABLE tgts_channel_pts ADD COLUMN top_message_id integer NOT NULL DEFAULT 0;`,
];

// pg_advisory_xact_lock key: "tgts" in ASCII, so it is ours and stable
const MIGRATION_LOCK = 0x74677473;

const migrated = new WeakMap<Pool, Promise<void>>();

/** Brings the database behind `pool` to {@link SCHEMA_VERSION} (once per pool). */
export function ensureSchema(pool: Pool): Promise<void> {
  let done = migrated.get(pool);
  if (!done) {
    done = migrate(pool);
    migrated.set(pool, done);
    done.catch(() => migrated.delete(pool)); // a later open tries again
  }
  return done;
}

async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    // fast path: already current, no lock taken
    if ((await currentVersion(client)) === SCHEMA_VERSION) return;
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS tgts_schema (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)');
      const version = (await currentVersion(client)) ?? 0;
      if (version > SCHEMA_VERSION) {
        throw new SessionError(`the database's tgts schema is version ${version}, newer than this tgts supports (${SCHEMA_VERSION}): upgrade tgts`);
      }
      for (let v = version; v < SCHEMA_VERSION; v++) await client.query(MIGRATIONS[v]!);
      await client.query('INSERT INTO tgts_schema (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version', [SCHEMA_VERSION]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    client.release();
  }
}

async function currentVersion(client: PoolClient): Promise<number | undefined> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('tgts_schema')::text AS t");
  if (exists.rows[0]?.t == null) return undefined;
  const row = await client.query<{ version: number }>('SELECT version FROM tgts_schema WHERE id = 1');
  return row.rows[0]?.version;
}
