/**
 * `client.tap`: every result with its request and DC, every pushed `Updates`; `client.onUpdate`
 * on top of it; a throwing listener is logged and changes nothing else.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../../src/client/client.js';
import { TestServer } from '../../src/testing/index.js';
import type { AnyRequest, Updates } from '../../src/tl/index.js';

const app = { apiId: 1, apiHash: 'test-hash' };

describe('client.tap', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({ wsPort: false });
    // pushes an update to every session of the caller, then answers
    server.handle('help.getNearestDc', (_req, ctx) => {
      if (ctx.userId !== undefined) ctx.pushUpdates(ctx.userId, { _: 'updateShort', update: { _: 'updateLoginToken' }, date: ctx.now() });
      return { _: 'nearestDc' as const, country: 'ZZ', thisDc: ctx.dcId, nearestDc: ctx.dcId };
    });
  });
  after(() => server.close());

  test('results reach onResult with their request and DC; pushes reach onUpdates and onUpdate', async () => {
    const warnings: unknown[] = [];
    const client = new Client({ ...app, ...server.clientOptions(), logger: { debug: () => {}, warn: (...a) => warnings.push(a) } });
    const results: Array<{ request: AnyRequest; result: unknown; dcId: number }> = [];
    const pushes: Array<{ updates: Updates; dcId: number }> = [];
    const raw: Updates[] = [];
    const stopResults = client.tap.onResult((request, result, meta) => results.push({ request, result, dcId: meta.dcId }));
    client.tap.onUpdates((updates, meta) => pushes.push({ updates, dcId: meta.dcId }));
    client.onUpdate((updates) => raw.push(updates));
    client.tap.onResult(() => {
      throw new Error('a broken listener');
    });
    const bot = server.world!.seed.createUser({ firstName: 'Tap bot', bot: true });
    await client.run(async (api) => {
      await client.auth.bot(bot.botToken!);
      const nearest = await api.help.getNearestDc();
      assert.equal(nearest.country, 'ZZ', 'a throwing listener does not fail the call');
      for (let i = 0; i < 100 && pushes.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      stopResults();
      await api.help.getNearestDc();
    });
    const names = results.map((r) => r.request._);
    assert.deepEqual(names, ['auth.importBotAuthorization', 'help.getNearestDc']);
    assert.equal(results[1]!.dcId, server.dcId);
    assert.equal((results[1]!.result as { country: string }).country, 'ZZ');
    assert.equal((results[0]!.result as { _: string })._, 'auth.authorization');
    assert.ok(pushes.length >= 1);
    assert.equal(pushes[0]!.updates._, 'updateShort');
    assert.equal(pushes[0]!.dcId, server.dcId);
    assert.deepEqual(raw, pushes.map((p) => p.updates), 'onUpdate sees the same pushes');
    assert.ok(warnings.length >= 2, 'the broken listener was logged');
  });
});
