import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { ClosedError, SessionError, SessionLockedError } from '../../src/errors.js';
import { SqliteSession, type SessionData } from '../../src/storage/index.js';

function sampleSession(seed = 1): SessionData {
  return {
    version: 1,
    dcId: 4,
    testMode: false,
    user: { id: 5_000_000_001, bot: false },
    dcs: {
      4: { host: '149.154.167.91', port: 443, authKey: new Uint8Array(256).fill(seed), salt: -1n, timeOffset: -120 },
      2: { host: '149.154.167.50' },
    },
  };
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tgts-sqlite-session-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SqliteSession', () => {
  it('save → load round trip, persisted across instances, mode 0600', async () => {
    const path = join(dir, 'sub', 'session.db');
    const first = new SqliteSession(path);
    assert.equal(await first.load(), undefined);
    await first.save(sampleSession());
    assert.deepEqual(await first.load(), sampleSession());
    await first.close();
    await assert.rejects(first.save(sampleSession()), ClosedError);
    assert.equal((await stat(path)).mode & 0o777, 0o600);

    const second = new SqliteSession(path);
    assert.deepEqual(await second.load(), sampleSession());
    // fields removed in a later save are removed from storage too
    await second.save({ version: 1, dcId: 2, dcs: { 2: { port: 80 } } });
    await second.close();
    const third = new SqliteSession(path);
    assert.deepEqual(await third.load(), { version: 1, dcId: 2, dcs: { 2: { port: 80 } } });
    await third.close();
  });

  it('detects a second client in this process and frees the lock on close', async () => {
    const path = join(dir, 'locked.db');
    const a = new SqliteSession(path);
    await a.save(sampleSession());
    const b = new SqliteSession(path);
    await assert.rejects(b.load(), (e) => e instanceof SessionLockedError && e.file === path);
    await a.close();
    assert.deepEqual(await b.load(), sampleSession());
    await b.close();
  });

  it('detects a client in another process; a killed owner frees the lock', async () => {
    const path = join(dir, 'other-process.db');
    const moduleUrl = pathToFileURL(join(process.cwd(), 'src/storage/index.ts')).href;
    const script = `
      const { SqliteSession } = await import(${JSON.stringify(moduleUrl)});
      const s = new SqliteSession(${JSON.stringify(path)});
      await s.load();
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('child did not start')), 20_000);
        child.stdout.once('data', () => (clearTimeout(timer), resolve()));
        child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`child exited ${code}`))));
      });
      const mine = new SqliteSession(path);
      await assert.rejects(mine.load(), SessionLockedError);
      child.kill('SIGKILL'); // no cleanup at all: the OS drops the lock
      await new Promise((resolve) => child.once('exit', resolve));
      assert.equal(await mine.load(), undefined);
      await mine.save(sampleSession());
      await mine.close();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a file that is not a SQLite database → SessionError naming the file, untouched', async () => {
    const path = join(dir, 'not-a-db.db');
    const content = 'this is definitely not a sqlite database, just text that is long enough for a header'.repeat(20);
    await writeFile(path, content);
    const session = new SqliteSession(path);
    await assert.rejects(session.load(), (e) => {
      assert.ok(e instanceof SessionError && !(e instanceof SessionLockedError));
      assert.equal(e.file, path);
      assert.ok(e.message.includes(path));
      return true;
    });
    await assert.rejects(session.save(sampleSession()), SessionError);
    assert.equal(await readFile(path, 'utf8'), content);
    await session.close();
  });

  it('a database with foreign tables → SessionError, untouched', async () => {
    const path = join(dir, 'foreign.db');
    const db = new Database(path);
    db.exec("CREATE TABLE sessions (dc_id INTEGER, auth_key BLOB); INSERT INTO sessions VALUES (2, x'00')");
    db.close();
    const before = await readFile(path);
    const session = new SqliteSession(path);
    await assert.rejects(session.load(), (e) => e instanceof SessionError && e.file === path && /not a tgts session database/.test(e.message));
    await session.close();
    assert.deepEqual(await readFile(path), before);
  });

  it('invalid stored values → SessionError with the field, never overwritten', async () => {
    const path = join(dir, 'bad-values.db');
    const setup = new SqliteSession(path);
    await setup.save(sampleSession());
    await setup.close();
    const db = new Database(path);
    db.prepare('UPDATE tgts_dcs SET auth_key = ? WHERE dc_id = 4').run(Buffer.alloc(100));
    db.close();
    const before = await readFile(path);
    const session = new SqliteSession(path);
    await assert.rejects(session.load(), (e) => e instanceof SessionError && e.field === 'dcs.4.authKey' && e.file === path);
    await assert.rejects(session.save(sampleSession()), SessionError);
    await session.close();
    assert.deepEqual(await readFile(path), before);
  });

  it('a wrong schema version → SessionError', async () => {
    const path = join(dir, 'version.db');
    const setup = new SqliteSession(path);
    await setup.load();
    await setup.close();
    const db = new Database(path);
    db.prepare("UPDATE tgts_meta SET value = '9' WHERE key = 'version'").run();
    db.close();
    const session = new SqliteSession(path);
    await assert.rejects(session.load(), (e) => e instanceof SessionError && e.field === 'version');
    await session.close();
  });
});
