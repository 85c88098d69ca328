/**
 * The storage contract and the lease rules against a real PostgreSQL server (Debian's
 * `postgresql`, started in a temporary directory on a random loopback port).
 */
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { PostgresStorage } from '../../../src/storage/postgres/index.js';
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
    };
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
