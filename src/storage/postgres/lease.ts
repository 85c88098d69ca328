/**
 * The lease of one account in `tgts_leases`: one row per account that ever had a lease, kept
 * when released so `generation` keeps counting. Taking is one upsert that succeeds only when the
 * row is free or expired by the database's clock (`now()`); a concurrent taker blocks on the row
 * lock and then sees the winner's unexpired lease.
 *
 * @module
 */
import type { Pool } from 'pg';
import type { AcquireResult, LeaseBackend } from '../lease/types.js';

export class PgLease implements LeaseBackend {
  constructor(
    private readonly pool: () => Pool,
    private readonly account: string,
  ) {}

  async acquire(token: string, holder: string, ttlMs: number): Promise<AcquireResult> {
    const taken = await this.pool().query<{ generation: string }>({
      name: 'tgts1_lease_acquire',
      text: `INSERT INTO tgts_leases AS l (account, token, holder, expires_at)
             VALUES ($1, $2, $3, now() + $4::integer * interval '1 millisecond')
             ON CONFLICT (account) DO UPDATE SET token = excluded.token, holder = excluded.holder, expires_at = excluded.expires_at,
               generation = l.generation + 1, acquired_at = now()
             WHERE l.token IS NULL OR l.expires_at <= now()
             RETURNING generation::text`,
      values: [this.account, token, holder, ttlMs],
    });
    const row = taken.rows[0];
    if (row) return { acquired: true, generation: Number(row.generation) };
    const held = await this.pool().query<{ holder: string | null; expires_ms: number }>({
      name: 'tgts1_lease_holder',
      text: 'SELECT holder, extract(epoch FROM expires_at)::float8 * 1000 AS expires_ms FROM tgts_leases WHERE account = $1',
      values: [this.account],
    });
    const current = held.rows[0];
    return { acquired: false, ...(current?.holder ? { holder: current.holder } : {}), ...(current ? { expiresAt: Math.round(current.expires_ms) } : {}) };
  }

  async renew(token: string, ttlMs: number): Promise<boolean> {
    const renewed = await this.pool().query({
      name: 'tgts1_lease_renew',
      text: `UPDATE tgts_leases SET expires_at = now() + $3::integer * interval '1 millisecond'
             WHERE account = $1 AND token = $2 AND expires_at > now()`,
      values: [this.account, token, ttlMs],
    });
    return renewed.rowCount === 1;
  }

  async release(token: string): Promise<void> {
    await this.pool().query({
      name: 'tgts1_lease_release',
      text: 'UPDATE tgts_leases SET token = NULL, holder = NULL, expires_at = now() WHERE account = $1 AND token = $2',
      values: [this.account, token],
    });
  }
}
