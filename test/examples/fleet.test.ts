/**
 * The fleet example in reduced size against a throwaway PostgreSQL: bot processes sharing one
 * database, killed and restarted, never run one account twice (the server would answer
 * AUTH_KEY_DUPLICATED: every process dials from its own address), and their updates engines hand
 * the position on through the store, so no message is lost (repeats only after a kill).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { checkFleet, type Delivery } from '../../examples/fleet/check.js';
import { main } from '../../examples/fleet/main.js';
import { SessionInUseError } from '../../src/errors.js';
import { PostgresStorage } from '../../src/storage/postgres/index.js';
import { startPostgres, type PostgresServer } from '../helpers/db/postgres.js';

let server: PostgresServer;
before(async () => {
  server = await startPostgres();
});
after(async () => {
  await server?.stop();
});

test('fleet: 4 processes, 8 bots, 3 crashes — one holder per account at a time, no message lost', async () => {
  const lines: string[] = [];
  const report = await main({ databaseUrl: server.url, processes: 4, bots: 8, kills: 3, events: 24, leaseTtlMs: 4_000, seed: 3, log: (l) => lines.push(l) });
  assert.deepEqual(report.errors, [], 'no process failed (no AUTH_KEY_DUPLICATED, no lost lease)');
  assert.equal(report.kills, 3);
  assert.deepEqual(report.check.problems, [], 'every message reached every bot; repeats only after a kill; one holder at a time');
  assert.equal(report.sent.length, 24);
  assert.ok(report.check.delivered >= 8 * 24, 'every bot got every message');
  assert.ok(report.check.viaDifference > 0, 'what was sent while an account was unheld came by getDifference');
  const byAccount = new Map<string, typeof report.took>();
  for (const t of report.took) byAccount.set(t.account, [...(byAccount.get(t.account) ?? []), t]);
  assert.equal(byAccount.size, 8, 'every account ran');
  assert.ok(report.took.length > 8, 'accounts moved between processes');
  for (const [account, takes] of byAccount) {
    const generations = takes.map((t) => t.generation).sort((a, b) => a - b);
    assert.equal(new Set(generations).size, generations.length, `${account}: every holder had its own lease generation`);
    const ordered = [...takes].sort((a, b) => a.generation - b.generation);
    assert.equal(ordered[0]!.storedPts, null, `${account}: the first holder found no position`);
    for (let i = 1; i < ordered.length; i++) {
      const stored = ordered[i]!.storedPts;
      assert.ok(stored !== null, `${account}: later holders start from the stored position`);
      assert.ok(stored >= (ordered[i - 1]!.storedPts ?? 0), `${account}: the stored position never goes back`);
      assert.ok(stored <= ordered[i]!.serverPts, `${account}: never ahead of the server`);
    }
  }
  // after the clean stop every account is free; what was applied last is what the store holds
  const pool = new pg.Pool({ connectionString: server.url, max: 2 });
  try {
    for (const [account, deliveries] of report.deliveries) {
      const pts = deliveries.flatMap((d) => (d.pts === null ? [] : [d.pts]));
      const storage = new PostgresStorage({ pool, account });
      // a killed process's lease runs out on its own; wait for it (bounded)
      for (let attempt = 0; ; attempt++) {
        try {
          await storage.open();
          break;
        } catch (error) {
          if (!(error instanceof SessionInUseError) || attempt > 100) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      const stored = (await storage.updates.getCommon())!.pts;
      await storage.close();
      assert.ok(stored >= Math.max(...pts), `${account}: every delivered update's position was saved`);
      assert.ok(stored <= report.finalPts.get(account)!, `${account}: never ahead of the server`);
    }
  } finally {
    await pool.end();
  }
  assert.ok(lines.some((l) => l.includes('takeovers')));
});

test('fleet check: a lost message, a repeat after a clean hand-over and two holders at once are caught', () => {
  const d = (text: string, id: number, generation: number, by: string): Delivery => ({ id, pts: null, text, generation, source: 'push', by });
  const facts = {
    accounts: ['a'],
    sent: ['m1', 'm2', 'm3'],
    holdings: [
      { account: 'a', generation: 1, by: 'w1', from: 0, to: 10 },
      { account: 'a', generation: 2, by: 'w2', from: 10, to: 20 },
    ],
    killed: new Set(['w1']),
  };
  const ok = checkFleet({ ...facts, deliveries: new Map([['a', [d('m1', 1, 1, 'w1'), d('m1', 1, 2, 'w2'), d('m2', 2, 2, 'w2'), d('m3', 3, 2, 'w2')]]]) });
  assert.deepEqual(ok, { problems: [], delivered: 4, viaDifference: 0, repeatedAfterKill: 1 });
  const bad = checkFleet({
    ...facts,
    killed: new Set<string>(),
    holdings: [...facts.holdings, { account: 'a', generation: 3, by: 'w3', from: 15, to: undefined }],
    deliveries: new Map([['a', [d('m1', 1, 1, 'w1'), d('m1', 1, 2, 'w2'), d('m3', 3, 2, 'w2'), d('m3', 3, 2, 'w2')]]]),
  });
  assert.equal(bad.problems.length, 5, bad.problems.join('\n'));
  for (const pattern of [/never got m2/, /repeated after a clean hand-over by w1/, /twice by one holder/, /delivered 3 after 3/, /held by w2 and w3 at once/]) {
    assert.ok(bad.problems.some((p) => pattern.test(p)), String(pattern));
  }
});
