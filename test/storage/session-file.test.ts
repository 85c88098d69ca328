import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ClosedError, SessionError, SessionLockedError } from '../../src/errors.js';
import { FileSession, type SessionData } from '../../src/storage/index.js';
import { writeFileAtomic } from '../../src/storage/file/atomic-write.js';
import { readLockOwner } from '../../src/storage/file/lock.js';

function sampleSession(seed = 1): SessionData {
  return {
    version: 1,
    dcId: 2,
    user: { id: 777000, bot: true },
    dcs: {
      2: { host: '149.154.167.50', port: 443, authKey: new Uint8Array(256).fill(seed), salt: 123456789123456789n, timeOffset: 2 },
      1: { host: '149.154.175.53', port: 443 },
    },
  };
}

/** Waits for a child process to exit and returns its pid (now surely dead). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tgts-file-session-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileSession', () => {
  it('save → load round trip, persisted across instances, mode 0600', async () => {
    const path = join(dir, 'a', 'nested', 'session.json');
    const first = new FileSession(path);
    assert.equal(await first.load(), undefined);
    await first.save(sampleSession());
    assert.deepEqual(await first.load(), sampleSession());
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    assert.equal(json.format, 'tgts-session');
    assert.equal((json.dcs as Record<string, { salt: string }>)['2']!.salt, '123456789123456789');
    await first.close();
    await assert.rejects(first.load(), ClosedError);

    const second = new FileSession(path);
    assert.deepEqual(await second.load(), sampleSession());
    await second.save({ ...sampleSession(2), dcId: 1 });
    await second.close();
    const third = new FileSession(path);
    assert.equal((await third.load())?.dcId, 1);
    await third.close();
    assert.deepEqual((await readdir(join(dir, 'a', 'nested'))).sort(), ['session.json']);
  });

  it('rejects invalid data on save without touching the file', async () => {
    const path = join(dir, 'invalid.json');
    const session = new FileSession(path);
    await session.save(sampleSession());
    const before = await readFile(path);
    const bad = sampleSession();
    bad.dcs[2]!.authKey = new Uint8Array(10);
    await assert.rejects(session.save(bad), (e) => e instanceof SessionError && e.field === 'dcs.2.authKey' && e.file === path);
    assert.deepEqual(await readFile(path), before);
    await session.close();
  });

  it('writes atomically: concurrent readers only ever see a complete file', async () => {
    const path = join(dir, 'atomic.json');
    const session = new FileSession(path);
    await session.save(sampleSession(0));
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = await readFile(path, 'utf8');
        JSON.parse(text); // throws on a partial file
        reads++;
      }
    })();
    await Promise.all(Array.from({ length: 40 }, (_, i) => session.save(sampleSession(i))));
    writing = false;
    await reader;
    assert.ok(reads > 0);
    // saves are serialized: the last one wins
    assert.equal((await session.load())?.dcs[2]?.authKey?.[0], 39);
    await session.close();
    assert.deepEqual((await readdir(dir)).filter((n) => n.includes('atomic') && n.endsWith('.tmp')), []);
  });

  it('a failed atomic write leaves the target and no temp file', async () => {
    const target = join(dir, 'occupied');
    await mkdir(target);
    await writeFile(join(target, 'keep'), 'x');
    await assert.rejects(writeFileAtomic(target, 'data'));
    assert.equal(await readFile(join(target, 'keep'), 'utf8'), 'x');
    assert.deepEqual((await readdir(dir)).filter((n) => n.startsWith('.occupied')), []);
  });

  it('detects a second client on the same file, in this process', async () => {
    const path = join(dir, 'locked.json');
    const a = new FileSession(path);
    await a.save(sampleSession());
    const b = new FileSession(path);
    await assert.rejects(b.load(), (e) => e instanceof SessionLockedError && e.file === path && e.pid === process.pid);
    await assert.rejects(b.save(sampleSession()), SessionLockedError);
    await a.close();
    // once released, the other instance can open it
    assert.deepEqual(await b.load(), sampleSession());
    await b.close();
    await assert.rejects(stat(`${path}.lock`), { code: 'ENOENT' });
  });

  it('detects a client in another process', async () => {
    const path = join(dir, 'other-process.json');
    const moduleUrl = pathToFileURL(join(process.cwd(), 'src/storage/index.ts')).href;
    const script = `
      const { FileSession } = await import(${JSON.stringify(moduleUrl)});
      const s = new FileSession(${JSON.stringify(path)});
      await s.load();
      process.stdout.write('ready\\n');
      process.stdin.once('data', async () => { await s.close(); process.exit(0); });
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('child did not start')), 20_000);
        child.stdout.once('data', () => (clearTimeout(timer), resolve()));
        child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`child exited ${code}`))));
      });
      const mine = new FileSession(path);
      await assert.rejects(mine.load(), (e) => e instanceof SessionLockedError && e.pid === child.pid);
      child.stdin.write('x');
      await new Promise((resolve) => child.once('exit', resolve));
      assert.equal(await mine.load(), undefined);
      await mine.close();
    } finally {
      child.kill();
    }
  });

  it('takes over a stale lock left by a dead process', async () => {
    const path = join(dir, 'stale.json');
    const { hostname } = await import('node:os');
    await writeFile(`${path}.lock`, JSON.stringify({ pid: await deadPid(), host: hostname(), token: 'old' }));
    const session = new FileSession(path);
    await session.save(sampleSession());
    assert.equal(readLockOwner(`${path}.lock`)?.pid, process.pid);
    await session.close();
    await assert.rejects(stat(`${path}.lock`), { code: 'ENOENT' });
  });

  it('respects a live lock from another host entry and a fresh unreadable lock', async () => {
    const path = join(dir, 'foreign-lock.json');
    await writeFile(`${path}.lock`, JSON.stringify({ pid: 1, host: 'some-other-host', token: 't' }));
    await assert.rejects(new FileSession(path).load(), SessionLockedError);
    await writeFile(`${path}.lock`, '');
    await assert.rejects(new FileSession(path).load(), SessionLockedError);
    // without locking, the file is usable anyway
    const unlocked = new FileSession(path, { lock: false });
    assert.equal(await unlocked.load(), undefined);
    await unlocked.close();
  });

  const corrupt: [string, string, RegExp][] = [
    ['bad JSON', '{"format": "tgts-sess', /not valid JSON/],
    ['foreign JSON', '{"hello": "world"}', /not a tgts session/],
    ['wrong version', '{"format":"tgts-session","version":2,"dcId":2,"dcs":{}}', /version/],
    [
      'wrong key length',
      JSON.stringify({ format: 'tgts-session', version: 1, dcId: 2, dcs: { 2: { authKey: Buffer.alloc(128).toString('base64') } } }),
      /dcs\.2\.authKey: must be 256 bytes/,
    ],
    ['bad salt', '{"format":"tgts-session","version":1,"dcId":2,"dcs":{"2":{"salt":12}}}', /dcs\.2\.salt/],
  ];
  for (const [name, content, message] of corrupt) {
    it(`corrupt file (${name}) → SessionError naming the file, file untouched`, async () => {
      const path = join(dir, `corrupt-${name.replace(/ /g, '-')}.json`);
      await writeFile(path, content);
      const session = new FileSession(path);
      await assert.rejects(session.load(), (e) => {
        assert.ok(e instanceof SessionError && !(e instanceof SessionLockedError));
        assert.equal(e.file, path);
        assert.ok(e.message.includes(path));
        assert.match(e.message, message);
        return true;
      });
      await assert.rejects(session.save(sampleSession()), SessionError);
      assert.equal(await readFile(path, 'utf8'), content);
      await assert.rejects(stat(`${path}.lock`), { code: 'ENOENT' }); // lock released
      await session.close();
    });
  }
});
