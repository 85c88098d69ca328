/**
 * A call's deadline and signal bound everything it waits for: a migration hop, a DC that is down,
 * a key exchange that never completes. Each test asserts which error the call ends with (never how
 * long it took).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { Client } from '../../src/client/client.js';
import { CancelledError, TimeoutError } from '../../src/errors.js';
import { TestCluster, TestServer } from '../../src/testing/index.js';

const app = { apiId: 1, apiHash: 'test-hash' };
const echo = (dc: number) => (req: { hash: number }) => ({ _: 'help.appConfig' as const, hash: dc * 1_000_000 + req.hash, config: { _: 'jsonNull' as const } });

/** A loopback port nothing listens on (a DC that is down). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP server that accepts and never says a word (a key exchange that stalls). */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('deadlines and signals', () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start({ dcs: [1, 2] });
    cluster.dc(1).handle('help.getAppConfig', echo(1));
    cluster.dc(2).handle('help.getAppConfig', echo(2));
  });
  after(() => cluster.close());

  test('a call aborted after one FILE_MIGRATE_2 hop rejects with CancelledError, not TimeoutError', async () => {
    const client = new Client({ ...app, ...cluster.clientOptions(1) });
    await client.run(async (api) => {
      assert.equal((await api.help.getAppConfig({ hash: 1 }))._, 'help.appConfig');
      const controller = new AbortController();
      cluster.dc(1).faults.migrate('help.getAppConfig', 'FILE_MIGRATE', 2, 1);
      // DC 2 holds the answer; the caller gives up once the call has arrived there
      cluster.dc(2).faults.delayReplies(30_000);
      cluster.dc(2).handle('help.getAppConfig', (req) => {
        controller.abort(new Error('user gave up'));
        return echo(2)(req);
      });
      try {
        const err = await api.help.getAppConfig({ hash: 2 }, { timeout: 8000, signal: controller.signal }).then(
          () => assert.fail('expected the call to be cancelled'),
          (e: unknown) => e,
        );
        assert.ok(err instanceof CancelledError, `got ${String(err)}`);
        assert.equal(err.name, 'AbortError');
        assert.ok(!(err instanceof TimeoutError));
        assert.equal((err.cause as Error).message, 'user gave up');
      } finally {
        cluster.dc(2).faults.reset();
        cluster.dc(2).handle('help.getAppConfig', echo(2));
      }
    });
  });

  test('a middleware that spreads the options keeps signal and deadline through a hop', async () => {
    const client = new Client({ ...app, ...cluster.clientOptions(1), middlewares: [(next) => (request, options) => next(request, { ...options })] });
    await client.run(async (api) => {
      cluster.dc(1).faults.migrate('help.getAppConfig', 'FILE_MIGRATE', 2, 1);
      cluster.dc(2).faults.delayReplies(30_000);
      try {
        await assert.rejects(api.help.getAppConfig({ hash: 3 }, { timeout: 300 }), TimeoutError);
      } finally {
        cluster.dc(2).faults.reset();
      }
    });
  });

  test('the DC is down: the timeout ends the call with TimeoutError, the signal with CancelledError; connect() too', async () => {
    const port = await closedPort();
    const client = new Client({ ...app, dc: { id: 2, host: '127.0.0.1', port }, publicKeys: cluster.clientOptions(1).publicKeys });
    try {
      await assert.rejects(client.api.help.getNearestDc(undefined, { timeout: 300 }), TimeoutError);
      const controller = new AbortController();
      const call = client.api.help.getNearestDc(undefined, { timeout: 20_000, signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      await assert.rejects(call, CancelledError);
      await assert.rejects(client.connect({ timeout: 200 }), TimeoutError);
      await assert.rejects(client.connect({ signal: AbortSignal.abort() }), CancelledError);
    } finally {
      await client.close();
    }
    const byDefault = new Client({ ...app, dc: { id: 2, host: '127.0.0.1', port }, publicKeys: cluster.clientOptions(1).publicKeys, requestTimeout: 300 });
    try {
      await assert.rejects(byDefault.api.help.getNearestDc(), TimeoutError, 'requestTimeout bounds a call that gives none');
    } finally {
      await byDefault.close();
    }
  });

  test('the key exchange stalls (a server that never answers): TimeoutError at the deadline, CancelledError on abort', async () => {
    const silent = await silentServer();
    const client = new Client({ ...app, dc: { id: 2, host: '127.0.0.1', port: silent.port }, publicKeys: cluster.clientOptions(1).publicKeys });
    try {
      await assert.rejects(client.api.help.getNearestDc(undefined, { timeout: 300 }), TimeoutError);
      const controller = new AbortController();
      const call = client.api.help.getNearestDc(undefined, { signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      await assert.rejects(call, CancelledError);
    } finally {
      // (the session's close waits for a stalled key exchange to give up; dropping the sockets
      // first ends it at once — bounding that wait is the session's job, contracts §4)
      await silent.close();
      await client.close();
    }
  });

  test('a flood wait longer than what is left of the deadline ends with TimeoutError', async () => {
    const server = await TestServer.start({ wsPort: false });
    server.handle('help.getAppConfig', echo(2));
    const client = new Client({ ...app, ...server.clientOptions() });
    try {
      await client.run(async (api) => {
        server.faults.floodWait('help.getAppConfig', 10);
        await assert.rejects(api.help.getAppConfig({ hash: 1 }, { timeout: 200 }), TimeoutError);
      });
    } finally {
      await server.close();
    }
  });
});
