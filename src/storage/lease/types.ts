/**
 * What a database must offer for leases (`keeper.ts` drives it), and the options users tune.
 *
 * @module
 */

/** Outcome of an acquisition attempt. */
export type AcquireResult =
  | { acquired: true; /** Counts every acquisition of the account: a fencing number for logs and checks. */ generation: number }
  | { acquired: false; holder?: string; /** ms since the epoch, when known. */ expiresAt?: number };

/**
 * The three atomic operations of a lease on one account, each one round trip. Expiry is judged
 * by the database's clock, never the caller's, so processes with skewed clocks agree.
 */
export interface LeaseBackend {
  /** Takes the lease when it is free or expired; `token` is unique to this acquisition. */
  acquire(token: string, holder: string, ttlMs: number): Promise<AcquireResult>;
  /** Extends the lease if `token` still holds it and it has not expired; false otherwise. */
  renew(token: string, ttlMs: number): Promise<boolean>;
  /** Frees the lease if `token` holds it (a lease held by someone else is left alone). */
  release(token: string): Promise<void>;
}

/** Lease settings of the fleet storages. */
export interface LeaseOptions {
  /**
   * How long a lease lasts without renewal, ms (default 30,000). A crashed process frees its
   * account after at most this long; a process that stalls longer loses it.
   */
  leaseTtlMs?: number;
  /** How often the lease is renewed while open, ms (default a third of `leaseTtlMs`). */
  renewEveryMs?: number;
  /** Who holds the lease, as a second process's `SessionInUseError` shows it (default `pid <pid>`). */
  holder?: string;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;
