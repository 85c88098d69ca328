/**
 * A `Client` over a fleet storage (PostgreSQL, real server): a second client of a leased account
 * is refused before it talks to Telegram, and a client whose lease was taken over closes itself
 * (its calls reject with `ClosedError` caused by the `LeaseLostError`).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Client } from '../../../src/client/index.js';
import { ClosedError, LeaseLostError, SessionInUseError } from '../../../src/errors.js';
import { PostgresStorage } from '../../../src/storage/postgres/index.js';
import { TestServer } from '../../../src/testing/index.js';
import { startPostgres, type PostgresServer } from '../../helpers/db/postgres.js';
import { startAll } from '../../helpers/start-all.js';

let db: PostgresServer;
let pool: pg.Pool;
let server: TestServer;
before(async () => {
  [db, server] = await startAll([startPostgres(), TestServer.start({ wsPort: false })]);
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
});
after(async () => {
  await server?.close();
  await pool?.end();
  await db?.stop();
});

test('client over PostgresStorage: second client refused with SessionInUseError; a taken-over client closes itself', async () => {
  const bot = server.world!.seed.createUser({ firstName: 'Fleet bot', bot: true });
  const first = new Client({ apiId: 1, apiHash: 'x', ...server.clientOptions(), storage: new PostgresStorage({ pool, account: 'bot', leaseTtlMs: 2_000, renewEveryMs: 50, holder: 'first' }) });
  try {
    await first.connect();
    const me = await first.auth.bot(bot.botToken!);
    assert.equal(me.id, bot.id);
    const stats = server.stats;
    const second = new Client({ apiId: 1, apiHash: 'x', ...server.clientOptions(), storage: new PostgresStorage({ pool, account: 'bot', holder: 'second' }) });
    await assert.rejects(second.connect(), (e) => e instanceof SessionInUseError && e.holder === 'first');
    await second.close();
    assert.equal(server.stats.authKeys, stats.authKeys, 'the refused client made no auth key');

    const closed = new Promise<void>((resolve) => first.onStateChange((s) => s === 'closed' && resolve()));
    await pool.query("UPDATE tgts_leases SET expires_at = now() - interval '1 second' WHERE account = 'bot'");
    const successor = new PostgresStorage({ pool, account: 'bot', holder: 'successor' });
    await successor.open();
    try {
      await closed;
      await assert.rejects(first.api.help.getConfig({}), (e) => e instanceof ClosedError && e.cause instanceof LeaseLostError);
      // the successor carries on with the stored key and account
      const third = new Client({ apiId: 1, apiHash: 'x', ...server.clientOptions(), storage: successor });
      const status = await third.run(() => third.auth.status());
      assert.equal(status.authorized ? status.user?.id : undefined, bot.id);
      assert.equal(server.stats.authKeys, stats.authKeys, 'the successor reused the stored key');
    } finally {
      await successor.close();
    }
  } finally {
    await first.close();
  }
});
