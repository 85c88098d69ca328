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

  test("options are plain data: custom fields, timeout, the deadline and the caller's own signal reach the middlewares", async () => {
    const seen: Array<{ tag: unknown; timeout: unknown; deadline: unknown; signal: unknown }> = [];
    const spy: Middleware = (next) => (request, options) => {
      seen.push({ tag: (options as { tag?: unknown }).tag, timeout: options.timeout, deadline: options.deadline, signal: options.signal });
      // a middleware may copy the options: nothing hides in them
      return next(request, { ...options });
    };
    const client = new Client({ ...app, ...server.clientOptions(), middlewares: [spy], requestTimeout: 7000 });
    const controller = new AbortController();
    const before = Date.now();
    await client.run(async (api) => {
      await api.help.getNearestDc(undefined, { timeout: 5000, tag: 'x' } as { timeout: number });
      await api.help.getNearestDc(undefined, { signal: controller.signal });
      await api.help.getNearestDc(undefined, { deadline: 4_000_000_000_000 });
    });
    const after = Date.now();
    assert.equal(seen.length, 3);
    assert.equal(seen[0]!.tag, 'x');
    assert.equal(seen[0]!.timeout, 5000);
    assert.ok(typeof seen[0]!.deadline === 'number' && seen[0]!.deadline >= before + 5000 && seen[0]!.deadline <= after + 5000, 'timeout became a deadline');
    assert.equal(seen[0]!.signal, undefined, 'no signal is made for a call that has none');
    assert.equal(seen[1]!.signal, controller.signal, "the caller's own signal, not a copy");
    assert.ok(typeof seen[1]!.deadline === 'number' && seen[1]!.deadline <= after + 7000, 'requestTimeout is the default');
    assert.equal(seen[2]!.deadline, 4_000_000_000_000, 'a given deadline is kept');
  });

  test('client.use adds a middleware outside the defaults, in order', async () => {
    const order: string[] = [];
    const tag =
      (name: string): Middleware =>
      (next) =>
      (request, options) => {
        order.push(name);
        return next(request, options);
      };
    const client = new Client({ ...app, ...server.clientOptions(), middlewares: [tag('options')] });
    client.use(tag('a')).use(tag('b'));
    await client.run((api) => api.help.getNearestDc());
    // help.getConfig may run in the background after connecting; look at the calls of getNearestDc
    assert.deepEqual(order.slice(0, 3), ['options', 'a', 'b']);
    // a middleware added after start applies to the next call
    client.use(tag('late'));
  });
});
