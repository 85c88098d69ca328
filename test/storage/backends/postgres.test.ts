/**
 * The storage contract and the lease rules against a real PostgreSQL server (Debian's
 * `postgresql`, started in a temporary directory on a random loopback port).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { POSTGRES_SCHEMA_VERSION, PostgresStorage } from '../../../src/storage/postgres/index.js';
import { ensureSchema } from '../../../src/storage/postgres/schema.js';
import { startPostgres, type PostgresServer } from '../../helpers/db/postgres.js';
import { runStorageContract } from '../contract.js';
import { runLeaseSuite } from './lease-suite.js';

describe('PostgreSQL', () => {
  let server: PostgresServer;
  let pool: pg.Pool;
  let accounts = 0;

  before(async () => {
    server = await startPostgres();
    pool = new pg.Pool({ connectionString: server.url, max: 8 });
  });

  after(async () => {
    await pool?.end();
    await server?.stop();
  });

  runStorageContract('PostgresStorage', async () => {
    const account = `account-${++accounts}`;
    return {
      create: () => new PostgresStorage({ pool, account }),
      persistent: 'all',
      exclusive: true,
      dispose: async () => {},
      // the row as schema version 1 wrote it: no top message column given
      writeOldChannel: async (id, pts) => {
        await ensureSchema(pool);
        await pool.query('INSERT INTO tgts_channel_pts (account, channel_id, pts) VALUES ($1, $2, $3)', [account, id, pts]);
      },
    };
  });

  it('migrates a version 1 database in place: its channel rows load as pts only', async () => {
    await pool.query('CREATE DATABASE tgts_v1');
    const url = new URL(server.url);
    url.pathname = '/tgts_v1';
    // a current schema taken back to version 1 (its channel table had no top message column), with a row
    const setup = new pg.Pool({ connectionString: url.href, max: 1 });
    const made = new PostgresStorage({ pool: setup, account: 'old' });
    await made.open();
    await made.close();
    await setup.query('ALTER TABLE tgts_channel_pts DROP COLUMN top_message_id');
    await setup.query('UPDATE tgts_schema SET version = 1');
    await setup.query('INSERT INTO tgts_channel_pts (account, channel_id, pts) VALUES ($1, $2, $3)', ['old', 1_000_000_001, 77]);
    await setup.end();
    const upgraded = new pg.Pool({ connectionString: url.href, max: 2 });
    const storage = new PostgresStorage({ pool: upgraded, account: 'old' });
    try {
      await storage.open();
      assert.deepEqual(await storage.updates.listChannels(), [[1_000_000_001, 77]]);
      await storage.updates.setChannels([[1_000_000_001, 78, 501]]);
      assert.deepEqual(await storage.updates.listChannels(), [[1_000_000_001, 78, 501]]);
      const { rows } = await upgraded.query<{ version: number }>('SELECT version FROM tgts_schema');
      assert.deepEqual(rows, [{ version: POSTGRES_SCHEMA_VERSION }]);
    } finally {
      await storage.close();
      await upgraded.end();
    }
  });

  runLeaseSuite('PostgresStorage', {
    kind: 'postgres',
    url: () => server.url,
    create: (account, options) => new PostgresStorage({ pool, account, ...options }),
    expire: async (account) => {
      await pool.query("UPDATE tgts_leases SET expires_at = now() - interval '1 second' WHERE account = $1", [account]);
    },
    blockRenewals: async (account) => {
      // a transaction holding the lease row: the renewal's UPDATE waits on it, as on a database out of reach
      const blocker = await pool.connect();
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM tgts_leases WHERE account = $1 FOR UPDATE', [account]);
      return async () => {
        await blocker.query('ROLLBACK');
        blocker.release();
      };
    },
  });
});
