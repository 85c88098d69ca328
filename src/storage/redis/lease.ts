/**
 * The lease of one account in Redis: `SET NX PX` takes it, a compare-and-renew script extends
 * it, a compare-and-delete script frees it (`scripts.ts`). Expiry is Redis's own.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import type { AcquireResult, LeaseBackend } from '../lease/types.js';
import type { AccountKeys } from './keys.js';
import { ACQUIRE, RELEASE, RENEW } from './scripts.js';

export class RedisLease implements LeaseBackend {
  constructor(
    private readonly redis: () => Redis,
    private readonly keys: AccountKeys,
  ) {}

  async acquire(token: string, holder: string, ttlMs: number): Promise<AcquireResult> {
    const reply = (await ACQUIRE.run(this.redis(), [this.keys.lease, this.keys.generation], [token, holder, ttlMs])) as [number, number | string, number?];
    if (reply[0] === 1) return { acquired: true, generation: Number(reply[1]) };
    const pttl = reply[2] ?? -1;
    return { acquired: false, ...(reply[1] ? { holder: String(reply[1]) } : {}), ...(pttl >= 0 ? { expiresAt: Date.now() + pttl } : {}) };
  }

  async renew(token: string, ttlMs: number): Promise<boolean> {
    return (await RENEW.run(this.redis(), [this.keys.lease], [token, ttlMs])) === 1;
  }

  async release(token: string): Promise<void> {
    await RELEASE.run(this.redis(), [this.keys.lease], [token]);
  }
}
