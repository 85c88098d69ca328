/**
 * The connections of a client: one {@link ConnectionPool} per (DC, kind), created on first use and
 * closed when idle (except the primary DC's main pool). Its {@link PoolSet.invoke} is the innermost
 * invoker of the pipeline: it routes a call by `options.dcId` and `options.pool`.
 *
 * Every connection of a DC shares the DC's permanent auth key; while the first one creates it, the
 * others wait for it. CDN DCs get their own keys, made against the RSA keys of `help.getCdnConfig`.
 *
 * @module
 */
import type { RsaPublicKey } from '../../crypto/index.js';
import type { InitConnectionParams, MtprotoSessionState } from '../../mtproto/index.js';
import type { AnyRequest } from '../../tl/index.js';
import type { AccountState } from '../account.js';
import { ClosedError, MigrationError, TgtsError } from '../errors.js';
import { bounded } from '../invoke/call.js';
import type { InvokeOptions, PoolKind } from '../invoke/types.js';
import type { Logger, ResolvedTransport } from '../options.js';
import type { CdnKeys } from './cdn-keys.js';
import { ConnectionPool } from './connection-pool.js';
import { DcConnection } from './dc-connection.js';
import type { DcDirectory } from './dc-directory.js';
import { dialer, dialPlan } from './dial.js';

/** Connections per pool kind. */
export type PoolSizes = Record<PoolKind, number>;

export const DEFAULT_POOL_SIZES: PoolSizes = { main: 1, upload: 4, download: 4, cdn: 2 };

/** Options of {@link PoolSet}. */
export interface PoolSetOptions {
  account: AccountState;
  directory: DcDirectory;
  cdnKeys: CdnKeys;
  publicKeys: RsaPublicKey[];
  transport: ResolvedTransport;
  testMode: boolean;
  localAddress?: string | undefined;
  initConnection: InitConnectionParams;
  pfs?: { expiresIn?: number } | undefined;
  sizes: PoolSizes;
  /** A pool (other than the primary DC's main one) with no call for this long is closed. */
  idleMs: number;
  logger?: Logger | undefined;
  now(): number;
  /** Asks `help.getConfig` for addresses (a DC is unknown). */
  refreshConfig(options: InvokeOptions): Promise<void>;
  /** Something a DC pushed (updates). */
  onPush(value: unknown, dcId: number): void;
  /** State of the primary DC's main connection. */
  onPrimaryState(state: MtprotoSessionState): void;
}

interface KeyWait {
  promise: Promise<void>;
  resolve: () => void;
}

export class PoolSet {
  /** DCs (other than the primary) where the authorization was imported in this run. */
  readonly authorizedDcs = new Set<number>();
  private readonly pools = new Map<number, Map<PoolKind, ConnectionPool>>();
  private readonly keyWaits = new Map<number, KeyWait>();
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(private readonly options: PoolSetOptions) {}

  get primaryDcId(): number {
    return this.options.account.dcId;
  }

  /** The innermost invoker: sends `request` on a connection of `options.dcId` (default the primary DC) and `options.pool`. */
  readonly invoke = (request: AnyRequest, options: InvokeOptions): Promise<unknown> => {
    const dcId = options.dcId ?? this.options.account.dcId;
    const kind = options.pool ?? 'main';
    const connection = this.closed ? undefined : this.pools.get(dcId)?.get(kind)?.pick();
    // the common case stays synchronous up to the session: no async frame, no timer
    if (connection) return connection.invoke(request, options, this.options.now());
    return this.invokeSlow(request, options, dcId, kind);
  };

  private async invokeSlow(request: AnyRequest, options: InvokeOptions, dcId: number, kind: PoolKind): Promise<unknown> {
    const connection = await this.connection(dcId, kind, options);
    return connection.invoke(request, options, this.options.now());
  }

  /** A connection of (dcId, kind) for one call: an open one, or a new one when the pool may grow. */
  async connection(dcId: number, kind: PoolKind, options: InvokeOptions): Promise<DcConnection> {
    for (;;) {
      if (this.closed) throw new ClosedError();
      const pool = this.pool(dcId, kind);
      const ready = pool.pick();
      if (ready) return ready;
      if (pool.opening) {
        await bounded(pool.opening.catch(() => undefined), options, `connecting to DC ${dcId}`, this.options.now);
        continue;
      }
      const opening = this.open(pool, options);
      pool.opening = opening;
      try {
        return await opening;
      } catch (error) {
        if (error instanceof PoolReplaced) continue; // reset while connecting: use the new pool
        // a pool that already has connections serves the call on one of them
        const fallback = pool.any();
        if (fallback) return fallback;
        throw error;
      } finally {
        if (pool.opening === opening) pool.opening = undefined;
      }
    }
  }

  /** Connects the primary DC's main connection (`client.connect()`), bounded by `options`. */
  async start(options: InvokeOptions): Promise<void> {
    const connection = await this.connection(this.primaryDcId, 'main', options);
    await connection.start(options, this.options.now);
  }

  private pool(dcId: number, kind: PoolKind): ConnectionPool {
    let byKind = this.pools.get(dcId);
    if (!byKind) this.pools.set(dcId, (byKind = new Map()));
    let pool = byKind.get(kind);
    if (!pool) {
      byKind.set(kind, (pool = new ConnectionPool(dcId, kind, Math.max(1, this.options.sizes[kind]))));
      this.armSweeper();
    }
    return pool;
  }

  private async open(pool: ConnectionPool, options: InvokeOptions): Promise<DcConnection> {
    const o = this.options;
    const { dcId, kind } = pool;
    const cdn = kind === 'cdn' || o.directory.isCdn(dcId);
    let endpoint = o.directory.endpoint(dcId, kind);
    if (!endpoint && dcId !== this.primaryDcId) {
      await o.refreshConfig(options);
      endpoint = o.directory.endpoint(dcId, kind);
    }
    if (!endpoint) throw new MigrationError(`no address known for DC ${dcId}${kind === 'main' ? '' : ` (${kind})`}`, dcId);
    const publicKeys = cdn ? await o.cdnKeys.get(dcId, options) : o.publicKeys;
    // one key exchange per DC: later connections wait for the key the first one makes
    let wait = this.keyWaits.get(dcId);
    while (!o.account.key(dcId) && wait) {
      await bounded(wait.promise, options, `the auth key of DC ${dcId}`, o.now);
      wait = this.keyWaits.get(dcId);
    }
    if (this.closed) throw new ClosedError();
    if (this.pools.get(dcId)?.get(kind) !== pool) throw new PoolReplaced();
    const stored = o.account.key(dcId);
    if (!stored) this.keyWaits.set(dcId, keyWait());
    const address = { host: endpoint.host, port: endpoint.port };
    const connection = new DcConnection({
      dcId,
      kind,
      testMode: o.testMode,
      media: endpoint.mediaOnly,
      dial: dialer(dialPlan(endpoint, kind, { transport: o.transport, testMode: o.testMode, telegram: o.directory.telegram, localAddress: o.localAddress })),
      publicKeys,
      authKey: stored,
      initConnection: o.initConnection,
      pfs: cdn ? undefined : o.pfs,
      logger: o.logger,
      onKey: (key) => {
        const wait = this.keyWaits.get(dcId);
        this.keyWaits.delete(dcId);
        o.account
          .saveKey(dcId, { authKey: key.authKey, salt: key.salt, timeOffset: key.timeOffset, ...address })
          .catch((error: unknown) => o.logger?.warn('tgts: could not save the auth key', error))
          .finally(() => wait?.resolve());
      },
      onPush: (value) => o.onPush(value, dcId),
      onState: (state) => {
        if (kind === 'main' && dcId === this.primaryDcId) o.onPrimaryState(state);
        if (state === 'closed' && !o.account.key(dcId)) this.releaseKeyWait(dcId);
      },
    });
    pool.add(connection);
    return connection;
  }

  /** A key creator went away without a key: the next connection of the DC makes one. */
  private releaseKeyWait(dcId: number): void {
    const wait = this.keyWaits.get(dcId);
    this.keyWaits.delete(dcId);
    wait?.resolve();
  }

  /** Closes the connections of `dcIds` (their keys were dropped): the next call connects afresh. */
  async reset(dcIds: Iterable<number>): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const dcId of dcIds) {
      this.authorizedDcs.delete(dcId);
      const byKind = this.pools.get(dcId);
      this.pools.delete(dcId);
      for (const pool of byKind?.values() ?? []) closing.push(pool.close());
      this.releaseKeyWait(dcId);
    }
    await Promise.allSettled(closing);
  }

  /** True for a CDN DC (its key never carries an authorization). */
  isCdnDc(dcId: number): boolean {
    return this.options.directory.isCdn(dcId);
  }

  /** DCs with a pool. */
  dcs(): number[] {
    return [...this.pools.keys()];
  }

  private armSweeper(): void {
    if (this.sweeper || this.closed) return;
    const every = Math.max(1000, Math.floor(this.options.idleMs / 2));
    this.sweeper = setInterval(() => this.sweep(), every);
    // the sweeper alone must not keep the process alive
    (this.sweeper as { unref?: () => void }).unref?.();
  }

  /** Closes pools that were idle for `idleMs` (never the primary DC's main pool). */
  private sweep(): void {
    const since = this.options.now() - this.options.idleMs;
    for (const [dcId, byKind] of this.pools) {
      for (const [kind, pool] of byKind) {
        if ((dcId === this.primaryDcId && kind === 'main') || !pool.idleSince(since)) continue;
        byKind.delete(kind);
        void pool.close();
      }
      if (byKind.size === 0) this.pools.delete(dcId);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    const pools = [...this.pools.values()].flatMap((m) => [...m.values()]);
    this.pools.clear();
    for (const dcId of [...this.keyWaits.keys()]) this.releaseKeyWait(dcId);
    await Promise.allSettled(pools.map((p) => p.opening?.catch(() => undefined)));
    await Promise.allSettled(pools.map((p) => p.close()));
  }
}

/** The pool was reset (log-out) while a connection was being prepared for it. */
class PoolReplaced extends TgtsError {}

function keyWait(): KeyWait {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
