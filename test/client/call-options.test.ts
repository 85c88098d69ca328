/**
 * The client's per-call path without an async frame: the whole-call timeout still ends a
 * flood-wait sleep with a TimeoutError, synchronous middleware failures still reject, and
 * extra option fields still reach custom middlewares.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../../src/client/client.js';
import type { Middleware } from '../../src/client/middleware/index.js';
import { TestServer } from '../../src/testing/index.js';

const app = { apiId: 1, apiHash: 'test-hash' };
const NEAREST = { _: 'nearestDc', country: 'ZZ', thisDc: 2, nearestDc: 2 } as const;

describe('Client call options', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({ wsPort: false });
    server.handle('help.getNearestDc', () => NEAREST);
  });
  after(async () => {
    await server.close();
  });

  test('a timeout that runs out during a flood wait rejects with TimeoutError, and leaves no timer', async () => {
    const client = new Client({ ...app, ...server.clientOptions() });
    await client.run(async (api) => {
      server.faults.floodWait('help.getNearestDc', 5);
      try {
        const started = Date.now();
        await assert.rejects(api.help.getNearestDc(undefined, { timeout: 150 }), { name: 'TimeoutError' });
        assert.ok(Date.now() - started < 4000, 'did not sleep through the flood wait');
      } finally {
        server.faults.reset();
      }
      assert.equal((await api.help.getNearestDc()).country, 'ZZ');
    });
  });

  test('a middleware that throws synchronously makes the call reject', async () => {
    const boom: Middleware = () => () => {
      throw new Error('boom');
    };
    const client = new Client({ ...app, ...server.clientOptions(), middlewares: [boom] });
    await client.run(async (api) => {
      const call = api.help.getNearestDc();
      assert.ok(call instanceof Promise);
      await assert.rejects(call, /boom/);
    });
  });

  test('custom option fields, timeout and signal reach the middlewares', async () => {
    const seen: Array<{ tag: unknown; timeout: unknown; hasSignal: boolean }> = [];
    const spy: Middleware = (next) => (request, options) => {
      seen.push({ tag: (options as { tag?: unknown }).tag, timeout: options.timeout, hasSignal: options.signal instanceof AbortSignal });
      return next(request, options);
    };
    const client = new Client({ ...app, ...server.clientOptions(), middlewares: [spy] });
    await client.run(async (api) => {
      await api.help.getNearestDc(undefined, { timeout: 5000, tag: 'x' } as { timeout: number });
      const controller = new AbortController();
      await api.help.getNearestDc(undefined, { signal: controller.signal });
    });
    assert.deepEqual(seen, [
      { tag: 'x', timeout: 5000, hasSignal: true },
      { tag: undefined, timeout: undefined, hasSignal: true },
    ]);
  });
});
