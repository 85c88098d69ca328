/**
 * The storage contract and the lease rules against a real PostgreSQL server (Debian's
 * `postgresql`, started in a temporary directory on a random loopback port).
 */
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { PostgresStorage } from '../../../src/storage/postgres/index.js';
import { startPostgres, type PostgresServer } from '../../helpers/db/postgres.js';
import { runStorageContract } from '../contract.js';

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
});
