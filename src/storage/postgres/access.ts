/**
 * How the repositories reach the database: reads scoped to the storage's account, and fenced
 * writes. A fenced write is one statement whose data-modifying parts all join a `lease` row that
 * exists only while this storage's token holds an unexpired lease; that row is locked `FOR SHARE`
 * until the statement commits, so a takeover (which updates the row) waits for the write, and a
 * write after a takeover changes nothing. The statement reports whether the lease was there.
 *
 * @module
 */

/** `$1` is the account and `$2` the lease token in every fenced statement; the write's own values start at `$3`. */
export const FENCE =
  'WITH lease AS MATERIALIZED (SELECT 1 FROM tgts_leases WHERE account = $1 AND token = $2 AND expires_at > now() FOR SHARE)';

export const HELD = 'SELECT count(*)::int AS held FROM lease';

export interface PgAccess {
  /** Throws the lost lease, or `ClosedError` when not open (a call that has nothing to send). */
  check(): Promise<void>;
  /** Runs a read; `$1` is the account, `values` start at `$2`. */
  read<R>(name: string, text: string, values: readonly unknown[]): Promise<R[]>;
  /**
   * Runs `FENCE, <ctes> HELD` (the `ctes` are data-modifying `name AS (...)` parts that join
   * `lease`); throws `LeaseLostError` when the lease was not held.
   */
  write(name: string, ctes: string, values: readonly unknown[]): Promise<void>;
}

/** A signed 64-bit or safe integer as PostgreSQL's `bigint` text (pg sends bigint parameters as text anyway). */
export const int8 = (value: bigint | number | undefined): string | null => (value === undefined ? null : value.toString());

/** `bigint` columns come back as text: a safe integer. */
export const num = (text: string | number): number => Number(text);
