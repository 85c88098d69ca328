import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { randomBytes } from '../../src/crypto/index.js';
import { DATA_FILE_NAME, TestServer, TestServerError } from '../../src/testing/index.js';
import { RawClient, rawClientFor } from './server-raw-client.js';

const nearest = { _: 'nearestDc', country: 'NL', thisDc: 2, nearestDc: 2 } as const;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tgts-server-'));
}

describe('TestServer persistence', () => {
  it('a restarted server keeps its RSA key and auth keys (with their user)', async () => {
    const dir = tempDir();
    try {
      const s1 = await TestServer.start({ dataDir: dir, installWorld: false, wsPort: false });
      s1.handle('help.getNearestDc', (_r, ctx) => {
        ctx.setUserId(777);
        return nearest;
      });
      const c = await rawClientFor(s1);
      await c.invoke({ _: 'help.getNearestDc' });
      const { authKey } = c;
      const fingerprint = s1.publicKeys[0]!.fingerprint;
      c.close();
      await s1.close();

      const s2 = await TestServer.start({ dataDir: dir, installWorld: false, wsPort: false });
      try {
        s2.handle('help.getNearestDc', (_r, ctx) => ({ ...nearest, thisDc: ctx.userId ?? 0 }));
        assert.equal(s2.publicKeys[0]!.fingerprint, fingerprint);
        assert.equal(s2.stats.authKeys, 1);
        const co = s2.clientOptions();
        const again = await RawClient.connect({ host: co.host, port: co.port, dcId: 2, authKey, salt: 0n });
        try {
          assert.deepEqual(await again.invoke({ _: 'help.getNearestDc' }), { ...nearest, thisDc: 777 }, 'same key, still signed in');
        } finally {
          again.close();
        }
      } finally {
        await s2.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the world snapshot survives a restart', async () => {
    const dir = tempDir();
    try {
      const s1 = await TestServer.start({ dataDir: dir, wsPort: false });
      const user = s1.world!.seed.createUser({ firstName: 'Persisted', username: 'persisted_user' });
      await s1.close();
      const s2 = await TestServer.start({ dataDir: dir, wsPort: false });
      try {
        assert.equal(s2.world!.users.get(user.id)?.username, 'persisted_user');
      } finally {
        await s2.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imported keys are persisted too', async () => {
    const dir = tempDir();
    try {
      const s1 = await TestServer.start({ dataDir: dir, installWorld: false, wsPort: false });
      const id = s1.importAuthKey(randomBytes(256), { userId: 5 });
      await s1.close();
      const s2 = await TestServer.start({ dataDir: dir, installWorld: false, wsPort: false });
      assert.equal(s2.userOfAuthKey(id), 5);
      await s2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a corrupt data file is a clear error and stays untouched', async () => {
    const dir = tempDir();
    try {
      const file = join(dir, DATA_FILE_NAME);
      const junk = randomBytes(4096);
      writeFileSync(file, junk);
      await assert.rejects(TestServer.start({ dataDir: dir, installWorld: false }), (e: unknown) => e instanceof TestServerError && e.file === file);
      assert.deepEqual(new Uint8Array(readFileSync(file)), junk);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a foreign SQLite file is refused and stays untouched', async () => {
    const dir = tempDir();
    try {
      const file = join(dir, DATA_FILE_NAME);
      const db = new Database(file);
      db.exec("CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('format', 'someone-else')");
      db.close();
      const before = readFileSync(file);
      await assert.rejects(
        TestServer.start({ dataDir: dir, installWorld: false }),
        (e: unknown) => e instanceof TestServerError && e.file === file && /format marker/.test(e.message),
      );
      assert.deepEqual(readFileSync(file), before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('close() leaves no handles behind', async () => {
    const count = (): number => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
    const baseline = count();
    const s = await TestServer.start({ installWorld: false });
    s.handle('help.getNearestDc', () => nearest);
    const c = await rawClientFor(s, { type: 'websocket' });
    const d = await rawClientFor(s);
    d.send({ _: 'ping_delay_disconnect', pingId: 1n, disconnectDelay: 60 });
    await c.invoke({ _: 'help.getNearestDc' });
    s.faults.delayReplies(5000);
    d.send({ _: 'help.getNearestDc' });
    await new Promise((r) => setTimeout(r, 50));
    await s.close();
    await Promise.all([c.waitClosed(), d.waitClosed()]);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(count() <= baseline, `resources: ${process.getActiveResourcesInfo().join(', ')}`);
  });
});
