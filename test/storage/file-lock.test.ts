/**
 * The file lock under real concurrency: child processes race to take over a stale lock (never two
 * holders), and a writer killed with SIGKILL leaves nothing the next open does not clean up.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStorage } from '../../src/storage/file/storage.js';
import { readLockOwner } from '../../src/storage/file/lock.js';

const CHILD = join(import.meta.dirname, 'lock-child.ts');

/** A pid that surely does not run any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

interface Child {
  proc: ChildProcess;
  ask<T>(msg: object, until: (reply: T & Record<string, unknown>) => boolean): Promise<T>;
}

async function startChild(): Promise<Child> {
  const proc = fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const replies: Array<(msg: Record<string, unknown>) => boolean> = [];
  proc.on('message', (msg: Record<string, unknown>) => {
    const i = replies.findIndex((r) => r(msg));
    if (i >= 0) replies.splice(i, 1);
  });
  const ask = <T>(msg: object, until: (reply: T & Record<string, unknown>) => boolean): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child did not answer ${JSON.stringify(msg)}`)), 30_000);
      replies.push((reply) => {
        if (!until(reply as T & Record<string, unknown>)) return false;
        clearTimeout(timer);
        resolve(reply as T);
        return true;
      });
      if (Object.keys(msg).length > 0) proc.send(msg);
    });
  await ask({}, (r) => r.ready === true);
  return { proc, ask };
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tgts-lock-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('FileLock across processes', () => {
  it('four processes racing for a stale lock: exactly one holds it, in every round', async () => {
    const children = await Promise.all(Array.from({ length: 4 }, startChild));
    try {
      const dead = await deadPid();
      const lock = join(dir, 'race.session.lock');
      const rounds = 30;
      for (let round = 0; round < rounds; round++) {
        // a stale lock of a dead process, alternately in the current and in the previous format
        await rm(lock, { recursive: true, force: true });
        if (round % 2 === 0) {
          await mkdir(lock);
          await writeFile(join(lock, `stale${round}.owner`), JSON.stringify({ pid: dead, host: hostname(), token: `stale${round}` }));
        } else {
          await writeFile(lock, JSON.stringify({ pid: dead, host: hostname(), token: `stale${round}` }));
        }
        const answers = await Promise.all(children.map((c) => c.ask<{ ok: boolean; error?: string }>({ op: 'acquire', lock }, (r) => 'ok' in r)));
        const holders = answers.filter((a) => a.ok).length;
        assert.equal(holders, 1, `round ${round}: ${holders} holders (${JSON.stringify(answers)})`);
        for (const a of answers) if (!a.ok) assert.equal(a.error, 'SessionLockedError');
        const holder = children[answers.findIndex((a) => a.ok)]!;
        assert.equal(readLockOwner(lock)?.pid, holder.proc.pid);
        await holder.ask({ op: 'release' }, (r) => r.released === true);
      }
      assert.deepEqual((await readdir(dir)).filter((n) => n.includes('race')), [], 'no lock and no prepared lock left behind');
    } finally {
      for (const c of children) c.proc.kill();
    }
  });

  it('a writer killed with SIGKILL: the next open takes its lock over and removes its temp files', async () => {
    const path = join(dir, 'killed.session');
    const child = await startChild();
    await child.ask({ op: 'write', path, count: 20 }, (r) => r.writing === 20);
    child.proc.kill('SIGKILL');
    await new Promise((resolve) => child.proc.once('exit', resolve));
    // what a write cut short leaves (the kill may also have hit a real one)
    await writeFile(join(dir, `.killed.session.${child.proc.pid}.0123456789ab.tmp`), '{"format": "tgts-sess');
    assert.equal(readLockOwner(`${path}.lock`)?.pid, child.proc.pid, 'the dead writer still "holds" the lock');

    const storage = new FileStorage(path);
    await storage.open();
    try {
      assert.equal(readLockOwner(`${path}.lock`)?.pid, process.pid);
      assert.deepEqual((await readdir(dir)).filter((n) => n.startsWith('.killed.session')), [], 'no temp file left');
      // every write was atomic: the file holds a whole state of at least 20 peers
      assert.ok((await storage.peers.getByUsername('user20'))?.id === 20);
      JSON.parse(await readFile(path, 'utf8'));
    } finally {
      await storage.close();
    }
  });
});

describe('FileLock in one process', () => {
  it('many open file storages share one exit hook (no MaxListenersExceeded warning), and release their locks', async () => {
    const before = process.listenerCount('exit');
    const storages = Array.from({ length: 25 }, (_, i) => new FileStorage(join(dir, `many-${i}.session`)));
    for (const s of storages) await s.open();
    assert.ok(process.listenerCount('exit') <= before + 1, `exit listeners: ${process.listenerCount('exit')} (was ${before})`);
    const locks = async () => (await readdir(dir)).filter((n) => n.startsWith('many-') && n.endsWith('.lock'));
    assert.equal((await locks()).length, 25);
    for (const s of storages) await s.close();
    assert.deepEqual(await locks(), []);
  });
});
