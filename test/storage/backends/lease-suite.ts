/**
 * The lease rules every fleet storage (PostgreSQL, Redis) must keep, against a real server: one
 * open storage per account across processes (a second gets `SessionInUseError` naming the
 * holder), a crashed holder's lease expires, a lease lost while open (taken over, or not renewable
 * in time) is announced once and fences every later call, and accounts never see each other.
 * Call {@link runLeaseSuite} from the backend's test file (one server per file).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { LeaseLostError, SessionInUseError } from '../../../src/errors.js';
import type { LeaseOptions } from '../../../src/storage/lease/types.js';
import type { Storage } from '../../../src/storage/types.js';
import { keyBytes } from '../contract.js';

/** A fleet storage with its lease generation. */
export type FleetStorage = Storage & { readonly leaseGeneration: number | undefined; onLost(listener: (e: LeaseLostError) => void): () => void };

export interface LeaseBackendFixture {
  /** `'postgres'` or `'redis'` (what `lease-child.ts` opens) and the server's URL. */
  kind: 'postgres' | 'redis';
  url(): string;
  create(account: string, options?: LeaseOptions): FleetStorage;
  /** Ends the lease in the database as if its holder had stalled past the expiry. */
  expire(account: string): Promise<void>;
  /** Makes renewals of `account` hang (the database is out of reach for them) until the returned function runs. */
  blockRenewals(account: string): Promise<() => Promise<void>>;
}

const CHILD = fileURLToPath(new URL('./lease-child.ts', import.meta.url));
const SETUP = fileURLToPath(new URL('../../setup.ts', import.meta.url));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens `storage`, retrying while the account is in use (bounded); returns how many refusals it saw. */
async function openWhenFree(storage: Storage, attempts = 200): Promise<number> {
  for (let refused = 0; refused < attempts; refused++) {
    try {
      await storage.open();
      return refused;
    } catch (error) {
      if (!(error instanceof SessionInUseError)) throw error;
      await sleep(50);
    }
  }
  throw new Error(`still in use after ${attempts} attempts`);
}

export function runLeaseSuite(name: string, fixture: LeaseBackendFixture): void {
  let n = 0;
  const account = (): string => `lease-${name}-${++n}`;

  describe(`leases: ${name}`, () => {
    it('a second storage of an open account gets SessionInUseError naming the holder; after close it opens', async () => {
      const id = account();
      const first = fixture.create(id, { holder: 'worker-a' });
      const second = fixture.create(id, { holder: 'worker-b' });
      await first.open();
      try {
        const error = await second.open().then(
          () => assert.fail('opened twice'),
          (e: unknown) => e,
        );
        assert.ok(error instanceof SessionInUseError);
        assert.equal(error.account, id);
        assert.equal(error.holder, 'worker-a');
        assert.ok(typeof error.expiresAt === 'number' && error.expiresAt > Date.now() - 60_000);
        const generation = first.leaseGeneration!;
        await first.close();
        await second.open();
        assert.equal(second.leaseGeneration, generation + 1);
      } finally {
        await first.close();
        await second.close();
      }
    });

    it('of many storages opening one account at once, exactly one gets it', async () => {
      const id = account();
      const storages = Array.from({ length: 8 }, (_, i) => fixture.create(id, { holder: `racer-${i}` }));
      try {
        const results = await Promise.allSettled(storages.map((s) => s.open()));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof SessionInUseError, String(r.reason));
      } finally {
        await Promise.all(storages.map((s) => s.close()));
      }
    });

    it('accounts in one database are separate: each has its own lease and data', async () => {
      const a = fixture.create(account());
      const b = fixture.create(account());
      await Promise.all([a.open(), b.open()]);
      try {
        await a.account.set({ dcId: 2, user: { id: 11, bot: true } });
        await a.authKeys.set(2, { authKey: keyBytes(1) });
        await a.updates.setCommon({ pts: 5, qts: 0, date: 1, seq: 0 });
        await a.peers.put([{ type: 'user', id: 7, accessHash: 9n, min: false, usernames: ['Only_A'], updatedAt: 1 }]);
        assert.equal(await b.account.get(), undefined);
        assert.deepEqual(await b.authKeys.list(), []);
        assert.equal(await b.updates.getCommon(), undefined);
        assert.equal(await b.peers.getByUsername('only_a'), undefined);
        assert.equal((await a.peers.getByUsername('only_a'))?.id, 7);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('a crashed holder (SIGKILL) frees the account when its lease expires; what it wrote is kept', async () => {
      const id = account();
      const child = spawn(process.execPath, ['--import', 'tsx', '--import', SETUP, CHILD, fixture.kind, fixture.url(), id, '600'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        const [line] = (await once(child.stdout!, 'data')) as [Buffer];
        assert.equal(line.toString().trim(), 'open');
        child.kill('SIGKILL');
        await once(child, 'exit');
        const next = fixture.create(id, { holder: 'successor' });
        try {
          const refused = await openWhenFree(next);
          assert.ok(refused >= 0);
          assert.deepEqual((await next.authKeys.get(2))?.authKey, keyBytes(42));
          assert.deepEqual(await next.account.get(), { dcId: 2, user: { id: 4242, bot: true } });
          assert.equal(next.leaseGeneration, 2);
        } finally {
          await next.close();
        }
      } finally {
        child.kill('SIGKILL');
      }
    });

    it('a lease taken over after expiry is announced once; the old holder can no longer write or read', async () => {
      const id = account();
      const old = fixture.create(id, { leaseTtlMs: 2_000, renewEveryMs: 100, holder: 'stalled' });
      await old.open();
      const lost: LeaseLostError[] = [];
      const announced = new Promise<LeaseLostError>((resolve) => old.onLost((e) => (lost.push(e), resolve(e))));
      await old.account.set({ dcId: 1 });
      await fixture.expire(id);
      const successor = fixture.create(id, { holder: 'successor' });
      try {
        await successor.open();
        assert.equal(successor.leaseGeneration, old.leaseGeneration! + 1);
        await successor.account.set({ dcId: 4 });
        // the old holder's write is refused in the database (fenced), whatever it believes
        await assert.rejects(old.account.set({ dcId: 5 }), (e) => e instanceof LeaseLostError && e.reason === 'taken' && e.account === id);
        const error = await announced;
        assert.equal(error.reason, 'taken');
        await assert.rejects(old.account.get(), LeaseLostError);
        await assert.rejects(old.peers.put([]), LeaseLostError);
        assert.equal(lost.length, 1);
        assert.deepEqual(await successor.account.get(), { dcId: 4 });
        // closing the old storage leaves the successor's lease alone
        await old.close();
        await assert.rejects(fixture.create(id).open(), SessionInUseError);
      } finally {
        await old.close();
        await successor.close();
      }
    });

    it('a holder that notices the takeover only by renewing gives the account up too', async () => {
      const id = account();
      const old = fixture.create(id, { leaseTtlMs: 2_000, renewEveryMs: 50 });
      await old.open();
      const announced = new Promise<LeaseLostError>((resolve) => old.onLost(resolve));
      await fixture.expire(id);
      const successor = fixture.create(id);
      try {
        await successor.open();
        assert.equal((await announced).reason, 'taken');
        await assert.rejects(old.authKeys.list(), LeaseLostError);
      } finally {
        await old.close();
        await successor.close();
      }
    });

    it('a lease that cannot be renewed in time is given up before it expires (reason expired)', async () => {
      const id = account();
      const storage = fixture.create(id, { leaseTtlMs: 600, renewEveryMs: 100 });
      await storage.open();
      const announced = new Promise<LeaseLostError>((resolve) => storage.onLost(resolve));
      const unblock = await fixture.blockRenewals(id);
      try {
        const error = await announced;
        assert.equal(error.reason, 'expired');
      } finally {
        await unblock();
      }
      await assert.rejects(storage.updates.getCommon(), (e) => e instanceof LeaseLostError && e.reason === 'expired');
      await storage.close();
      // the account is free again once the database's lease ran out
      const next = fixture.create(id);
      await openWhenFree(next);
      await next.close();
    });
  });
}
