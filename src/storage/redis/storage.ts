/**
 * {@link Storage} of one account in a Redis server shared by a fleet (`ioredis`).
 *
 * @module
 */
import { Redis } from 'ioredis';
import { BadArgumentError, ClosedError, SessionError, TgtsError } from '../../errors.js';
import { checkAccountName } from '../lease/account-name.js';
import { LeaseKeeper } from '../lease/keeper.js';
import { LeasedStorage } from '../lease/leased-storage.js';
import type { LeaseOptions } from '../lease/types.js';
import type { Storage } from '../types.js';
import { accountKeys, type AccountKeys } from './keys.js';
import { RedisLease } from './lease.js';
import { RedisAccount, RedisAuthKeys, RedisPeers, RedisUpdates, type RedisAccess } from './repositories.js';

/**
 * The data layout this code reads and writes (`<prefix>schema`). Layout 2 lets a channel position
 * carry its top message id (`pts:topMessageId`); layout 1 data reads as it is, so upgrading only
 * raises the recorded version (a tgts that knows only layout 1 then refuses rather than misreads).
 */
export const REDIS_SCHEMA_VERSION = 2;

// raises the recorded version to ARGV[1] unless it is already there or newer; returns the version now
const RAISE_VERSION = `local v = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if v < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) return tonumber(ARGV[1]) end
return v`;

export interface RedisStorageOptions extends LeaseOptions {
  /** The account's name (1-128 of letters, digits, `_ . : @ + -`), e.g. `'bot-1'`. */
  account: string;
  /** A connection to share with other storages; left open by `close`. Give `redis` or `url`. */
  redis?: Redis;
  /** `redis://…`: the storage opens a connection of its own and quits it on `close`. */
  url?: string;
  /** Prefix of every key (default `'tgts:'`); an account's keys are `<prefix>{<account>}:…`. */
  keyPrefix?: string;
}

const checked = new WeakMap<Redis, Map<string, Promise<void>>>();

/** Records (or raises) the layout version under `prefix` on first use; refuses a newer one (once per connection and prefix). */
function ensureSchema(redis: Redis, prefix: string): Promise<void> {
  let byPrefix = checked.get(redis);
  if (!byPrefix) checked.set(redis, (byPrefix = new Map()));
  let done = byPrefix.get(prefix);
  if (!done) {
    done = (async () => {
      const version = Number(await redis.eval(RAISE_VERSION, 1, `${prefix}schema`, String(REDIS_SCHEMA_VERSION)));
      if (version > REDIS_SCHEMA_VERSION) {
        throw new SessionError(`the Redis data under ${prefix} is layout version ${version}, newer than this tgts supports (${REDIS_SCHEMA_VERSION}): upgrade tgts`);
      }
    })();
    byPrefix.set(prefix, done);
    done.catch(() => byPrefix.delete(prefix));
  }
  return done;
}

/**
 * The storage of one account in a Redis server that many processes and accounts share. `open`
 * takes the account's lease ({@link SessionInUseError} when another live process holds it) and
 * renews it in the background; `close` releases it. Every write is one Lua script that checks the
 * lease first, so a process that lost its lease (announced through {@link onLost}; every call
 * then rejects with {@link LeaseLostError}) cannot overwrite the new holder's state.
 *
 * Redis keeps data in memory: configure persistence (AOF) if losing the auth keys on a Redis
 * restart is not acceptable.
 *
 * ```ts
 * const redis = new Redis(process.env.REDIS_URL);
 * const client = new Client({ apiId, apiHash, storage: new RedisStorage({ redis, account: 'bot-1' }) });
 * ```
 */
export class RedisStorage extends LeasedStorage implements Storage {
  readonly authKeys: RedisAuthKeys;
  readonly account: RedisAccount;
  readonly peers: RedisPeers;
  readonly updates: RedisUpdates;
  /** The account's name. */
  readonly name: string;
  private readonly keys: AccountKeys;
  protected readonly keeper: LeaseKeeper;
  private readonly options: RedisStorageOptions;
  private readonly prefix: string;
  private redis: Redis | undefined;

  constructor(options: RedisStorageOptions) {
    super();
    this.name = checkAccountName(options.account);
    if ((options.redis === undefined) === (options.url === undefined)) throw new BadArgumentError('redis', 'give either a redis connection or a url');
    this.prefix = options.keyPrefix ?? 'tgts:';
    if (/[{}\s]/.test(this.prefix)) throw new BadArgumentError('keyPrefix', 'must not contain braces or white space');
    this.options = options;
    this.keys = accountKeys(this.prefix, this.name);
    this.keeper = new LeaseKeeper(new RedisLease(() => this.connection(), this.keys), this.name, options);
    const access: RedisAccess = {
      keys: this.keys,
      check: async () => void this.keeper.current(),
      read: async (step) => {
        this.keeper.current();
        return step(this.connection()).catch((error: unknown) => {
          throw redisError(error);
        });
      },
      write: async (script, keys, args) => {
        const token = this.keeper.current();
        let held: unknown;
        try {
          held = await script.run(this.connection(), [this.keys.lease, ...keys], [token, ...args]);
        } catch (error) {
          throw redisError(error);
        }
        if (held !== 1) throw this.keeper.fenced();
      },
    };
    this.authKeys = new RedisAuthKeys(access);
    this.account = new RedisAccount(access);
    this.peers = new RedisPeers(access);
    this.updates = new RedisUpdates(access);
  }

  protected async connect(): Promise<void> {
    if (this.options.redis) this.redis = this.options.redis;
    else {
      this.redis = new Redis(this.options.url!, { lazyConnect: true });
      this.redis.on('error', () => undefined); // failures surface on the commands; never an unhandled 'error'
    }
    await ensureSchema(this.redis, this.prefix);
  }

  protected async disconnect(): Promise<void> {
    const redis = this.redis;
    this.redis = undefined;
    if (redis && !this.options.redis) redis.disconnect();
  }

  protected wrapError(error: unknown): Error {
    return redisError(error);
  }

  private connection(): Redis {
    if (!this.redis) throw new ClosedError(`storage of account ${this.name} is not open`);
    return this.redis;
  }

}

function redisError(error: unknown): Error {
  if (error instanceof TgtsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SessionError(`Redis: ${message}`, undefined, undefined, { cause: error });
}
