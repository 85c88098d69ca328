/**
 * Builds what a started client runs on, once its storage is open: the DC directory, the pools,
 * the config refresher and the pipeline
 *
 * ```
 * user middlewares (client.use / options.middlewares, outermost first)
 *  └ recovery: one layer, its policies tried in this order on a failure:
 *      lost authorization → typed LoggedOutError (storage cleared, onLoggedOut told)
 *      migration          *_MIGRATE_X, authorization transfer
 *      retryInternal      internal server errors       } the defaults;
 *      floodWait          FLOOD_WAIT_X below the limit } `defaultMiddlewares: false` drops them
 *    and tap.onResult on success
 *    └ pools.invoke       (DC, kind) → connection → MTProto session
 * ```
 *
 * @module
 */
import type { RsaPublicKey } from '../crypto/index.js';
import type { InitConnectionParams, MtprotoSessionState } from '../mtproto/index.js';
import type { Config } from '../tl/index.js';
import type { AccountState } from './account.js';
import { ClosedError } from './errors.js';
import { recovering, type RecoveryPolicy } from './invoke/recovery.js';
import type { Invoker } from './invoke/types.js';
import { lostAuthorizationPolicy, type GuardHost } from './lifecycle/guard.js';
import { floodWaitPolicy } from './middleware/flood-wait.js';
import { retryInternalPolicy } from './middleware/retry-internal.js';
import { migrationPolicy } from './migration.js';
import { resolveTransport, type ClientOptions } from './options.js';
import { CdnKeys, type CdnConfigResult } from './pools/cdn-keys.js';
import { ConfigRefresher } from './pools/config.js';
import { DcDirectory } from './pools/dc-directory.js';
import { DEFAULT_POOL_SIZES, PoolSet } from './pools/pool-set.js';
import type { Tap } from './tap.js';

/** What the started client runs on. */
export interface Assembly {
  directory: DcDirectory;
  pools: PoolSet;
  config: ConfigRefresher;
  /** Everything below the user middlewares. */
  internal: Invoker;
}

/** Callbacks of the client the assembly reports to. */
export interface AssemblyHooks {
  tap: Tap;
  now(): number;
  publicKeys: RsaPublicKey[];
  initConnection: InitConnectionParams;
  cdnKeys: CdnKeys;
  onPrimaryState(state: MtprotoSessionState): void;
  loggedOut: GuardHost['loggedOut'];
}

/** Builds the directory, pools and pipeline of a client whose account was read. */
export function assemble(o: ClientOptions, account: AccountState, hooks: AssemblyHooks): Assembly {
  const transport = resolveTransport(o.transport, o.proxy);
  const testMode = o.testServers === true;
  const directory = new DcDirectory({
    testMode,
    ipv6: o.ipv6 === true,
    // an MTProxy always obfuscates: `tcpo_only` addresses are usable through it
    obfuscated: transport.obfuscated || transport.proxy?.type === 'mtproxy',
    explicit: [...(o.dc ? [o.dc] : []), ...(o.dcs ?? [])],
    stored: (dcId) => {
      const key = account.key(dcId);
      return key?.host !== undefined && key.port !== undefined ? { host: key.host, port: key.port } : undefined;
    },
  });
  let internal: Invoker | undefined;
  const viaPipeline: Invoker = (request, options) => internal!(request, options);
  const config = new ConfigRefresher((options) => viaPipeline({ _: 'help.getConfig' }, options) as Promise<Config>, directory, hooks.now, o.logger);
  const pools = new PoolSet({
    account,
    directory,
    cdnKeys: hooks.cdnKeys,
    publicKeys: hooks.publicKeys,
    transport,
    testMode,
    localAddress: o.localAddress,
    initConnection: hooks.initConnection,
    pfs: o.pfs === true ? {} : o.pfs || undefined,
    sizes: { ...DEFAULT_POOL_SIZES, ...o.connections },
    idleMs: o.poolIdleTimeout ?? 60_000,
    logger: o.logger,
    now: hooks.now,
    refreshConfig: (options) => config.refresh(options),
    onPush: (value, dcId) => hooks.tap.pushed(value, { dcId }),
    onPrimaryState: (state) => {
      // Talking to Telegram, the config is fetched once connected (the built-in list is only a
      // bootstrap); with addresses from the options it is fetched when a DC is missing from them.
      if (state === 'ready' && directory.telegram) config.initial();
      hooks.onPrimaryState(state);
    },
  });
  const policies: RecoveryPolicy[] = [
    lostAuthorizationPolicy({ primaryDcId: () => account.dcId, signedIn: () => account.user !== undefined, loggedOut: hooks.loggedOut }),
    migrationPolicy({ account, authorizedDcs: pools.authorizedDcs }),
    ...(o.defaultMiddlewares === false ? [] : [retryInternalPolicy(), floodWaitPolicy({ maxWaitSeconds: o.floodWaitThreshold ?? 60 })]),
  ];
  const tap = hooks.tap;
  internal = recovering(policies, {
    active: () => tap.observesResults,
    result: (request, result, options) => tap.result(request, result, { dcId: options.dcId ?? account.dcId }),
  })(pools.invoke);
  return { directory, pools, config, internal };
}

/** `help.getCdnConfig` through an invoker, as {@link CdnKeys} wants it. */
export function cdnConfigFetcher(invoke: () => Invoker | undefined): (options: Parameters<Invoker>[1]) => Promise<CdnConfigResult> {
  return async (options) => {
    const invoker = invoke();
    if (!invoker) throw new ClosedError('the client is not started');
    // asked on the main DC, whatever connection the call that needs the keys was meant for
    const { signal, deadline } = options;
    return (await invoker({ _: 'help.getCdnConfig' }, { ...(signal ? { signal } : {}), ...(deadline !== undefined ? { deadline } : {}) })) as CdnConfigResult;
  };
}
