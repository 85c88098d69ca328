/**
 * {@link Storage} of one account in a PostgreSQL database shared by a fleet (`pg`).
 *
 * @module
 */
import pg from 'pg';
import type { Pool } from 'pg';
import { BadArgumentError, ClosedError, SessionError, TgtsError } from '../../errors.js';
import { checkAccountName } from '../lease/account-name.js';
import { LeaseKeeper } from '../lease/keeper.js';
import { LeasedStorage } from '../lease/leased-storage.js';
import type { LeaseOptions } from '../lease/types.js';
import type { Storage } from '../types.js';
import { FENCE, HELD, type PgAccess } from './access.js';
import { PgLease } from './lease.js';
import { PgPeers } from './peers.js';
import { PgAccount, PgAuthKeys, PgUpdates } from './repositories.js';
import { ensureSchema } from './schema.js';

export interface PostgresStorageOptions extends LeaseOptions {
  /** The account's name in the database (1-128 of letters, digits, `_ . : @ + -`), e.g. `'bot-1'`. */
  account: string;
  /**
   * A pool to share with other storages (a fleet process opening many accounts); left open by
   * `close`. Give `pool` or `connectionString`.
   */
  pool?: Pool;
  /** `postgres://…`: the storage makes a small pool of its own and ends it on `close`. */
  connectionString?: string;
}

/**
 * The storage of one account in a PostgreSQL database that many processes and accounts share.
 * The tables (`tgts_*`) are created and migrated on first use. `open` takes the account's lease
 * ({@link SessionInUseError} when another live process holds it) and renews it in the background;
 * `close` releases it. A lease lost while open (the process stalled past its expiry, or the
 * database was out of reach) makes every call reject with {@link LeaseLostError} and is announced
 * through {@link onLost}; writes are fenced in the database, so a process that lost its lease
 * cannot overwrite the state of the one that took over.
 *
 * ```ts
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const client = new Client({ apiId, apiHash, storage: new PostgresStorage({ pool, account: 'bot-1' }) });
 * ```
 */
export class PostgresStorage extends LeasedStorage implements Storage {
  readonly account: PgAccount;
  readonly authKeys: PgAuthKeys;
  readonly peers: PgPeers;
  readonly updates: PgUpdates;
  /** The account's name. */
  readonly name: string;
  protected readonly keeper: LeaseKeeper;
  private readonly options: PostgresStorageOptions;
  private pool: Pool | undefined;

  constructor(options: PostgresStorageOptions) {
    super();
    this.name = checkAccountName(options.account);
    if ((options.pool === undefined) === (options.connectionString === undefined)) {
      throw new BadArgumentError('pool', 'give either a pool or a connectionString');
    }
    this.options = options;
    this.keeper = new LeaseKeeper(
      new PgLease(() => this.connection(), this.name),
      this.name,
      options,
    );
    const access: PgAccess = {
      check: async () => void this.keeper.current(),
      read: async (name, text, values) => {
        this.keeper.current();
        return (await this.query(name, text, [this.name, ...values])).rows;
      },
      write: async (name, ctes, values) => {
        const token = this.keeper.current();
        const result = await this.query(name, `${FENCE}${ctes} ${HELD}`, [this.name, token, ...values]);
        if ((result.rows[0] as { held: number } | undefined)?.held !== 1) throw this.keeper.fenced();
      },
    };
    this.authKeys = new PgAuthKeys(access);
    this.account = new PgAccount(access);
    this.peers = new PgPeers(access);
    this.updates = new PgUpdates(access);
  }

  protected async connect(): Promise<void> {
    if (this.options.pool) this.pool = this.options.pool;
    else {
      this.pool = new pg.Pool({ connectionString: this.options.connectionString, max: 2 });
      // an idle connection the server dropped: the next query reconnects or fails; never an unhandled 'error'
      this.pool.on('error', () => undefined);
    }
    await ensureSchema(this.pool);
  }

  protected async disconnect(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool && !this.options.pool) await pool.end().catch(() => undefined);
  }

  protected wrapError(error: unknown): Error {
    return pgError(error);
  }

  private connection(): Pool {
    if (!this.pool) throw new ClosedError(`storage of account ${this.name} is not open`);
    return this.pool;
  }

  private async query(name: string, text: string, values: unknown[]): Promise<pg.QueryResult> {
    try {
      return await this.connection().query({ name, text, values });
    } catch (error) {
      throw pgError(error);
    }
  }

}

/** Errors of tgts pass; a database error becomes a {@link SessionError} with the original as `cause`. */
function pgError(error: unknown): Error {
  if (error instanceof TgtsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SessionError(`PostgreSQL: ${message}`, undefined, undefined, { cause: error });
}
