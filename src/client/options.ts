/**
 * Options of {@link Client} and how their defaults are resolved.
 *
 * @module
 */
import type { MtprotoSessionState } from '../mtproto/index.js';
import type { SessionStorage } from '../storage/session/types.js';
import type { Storage } from '../storage/types.js';
import { TransportError, resolveProxy } from '../transport/index.js';
import type { CodecName, ProxyConfig, ResolvedProxy } from '../transport/index.js';
import type { DcAddress } from './builtin-dcs.js';
import { BadArgumentError } from './errors.js';
import type { Middleware, PoolKind } from './invoke/types.js';
import type { UpdatesOptions } from './updates/types.js';

/** How the client reaches a DC. */
export interface TransportChoice {
  /** `tcp` (default), `websocket`, or `http` (`POST /api` with long polling; never obfuscated). */
  type?: 'tcp' | 'websocket' | 'http';
  /** Framing codec; default `intermediate`. */
  codec?: CodecName;
  /** obfuscated2 on top of the codec; default `true` (`false` for `http`). Not possible with `full` or `http`. */
  obfuscated?: boolean;
}

/** Device and app fields sent once per connection in `initConnection`. */
export interface DeviceInfo {
  deviceModel?: string;
  systemVersion?: string;
  appVersion?: string;
  systemLangCode?: string;
  langPack?: string;
  langCode?: string;
}

/** Minimal logger; `console` fits. */
export interface Logger {
  debug(...args: unknown[]): void;
  info?(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error?(...args: unknown[]): void;
}

/** Connection state reported by {@link ClientOptions.onStateChange} (the primary DC's session state). */
export type ConnectionState = MtprotoSessionState;

/** Options of a {@link Client}. Only `apiId` and `apiHash` are required for real Telegram. */
export interface ClientOptions {
  /** App id from https://my.telegram.org. */
  apiId: number;
  /** App hash from https://my.telegram.org. */
  apiHash: string;
  /**
   * Where auth keys, the account, peers and updates state are kept (`MemoryStorage`,
   * `FileStorage`, `SqliteStorage`, …); default: in memory only. The client opens it on connect
   * and closes it on close.
   */
  storage?: Storage;
  /**
   * A storage of the first format (`FileSession`, `SqliteSession`, `StringSession`,
   * `MemorySession`): auth keys and the account are kept there as before, peers and updates state
   * in memory. Give `storage` or `session`, not both.
   */
  session?: SessionStorage;
  /** The DC to start on (a local test server, or a production DC address override). */
  dc?: DcAddress;
  /**
   * Addresses of every DC (a local `TestCluster`). They take precedence over `help.getConfig`,
   * which the client asks when it needs a DC it has no address for (and, when no addresses are
   * given, once after connecting to Telegram); the config in turn takes precedence over the
   * built-in addresses.
   */
  dcs?: DcAddress[];
  /** Use IPv6 addresses of Telegram's DCs (preferred when set; default false). */
  ipv6?: boolean;
  /** TCP: the local address to connect from (a machine with several addresses). */
  localAddress?: string;
  /**
   * Connections per DC and kind: `main` (API calls; default 1), `upload` and `download` (file
   * parts; default 4 each), `cdn` (default 2). A pool opens a further connection only when all
   * of its open ones are busy.
   */
  connections?: Partial<Record<PoolKind, number>>;
  /** A pool other than the primary DC's main one is closed after this long without calls, ms; default 60 000. */
  poolIdleTimeout?: number;
  /** Transport selection; default TCP, intermediate codec, obfuscated. */
  transport?: TransportChoice;
  /** RSA public keys (PEM) the server may sign the key exchange with; default: Telegram's. */
  publicKeys?: string[];
  /** Use Telegram's test DCs and test key. */
  testServers?: boolean;
  /** `initConnection` device fields. */
  device?: DeviceInfo;
  /** Debug/warning output; default: silent. */
  logger?: Logger;
  /** Extra middlewares, outermost first; they wrap the default ones (see also `client.use`). */
  middlewares?: Middleware[];
  /** Install the default flood-wait and internal-error retry middlewares (default true). */
  defaultMiddlewares?: boolean;
  /** Longest FLOOD_WAIT (seconds) the default middleware sleeps through before throwing; default 60. */
  floodWaitThreshold?: number;
  /**
   * Default time limit of a call in ms (connecting, retries and migration hops included);
   * default 60 000. A call's own `timeout` or `deadline` replaces it.
   */
  requestTimeout?: number;
  /** Called on every connection state change of the primary DC. */
  onStateChange?: (state: ConnectionState) => void;
  /**
   * Perfect Forward Secrecy (default off): each DC connection encrypts with temporary keys bound
   * to the stored permanent key and renewed before they expire (`expiresIn` seconds, default
   * 86 400). Temporary keys are never saved. https://core.telegram.org/api/pfs
   */
  pfs?: boolean | { expiresIn?: number };
  /**
   * Reach Telegram through a proxy: `socks5://user:pass@host:port` (`socks5h://` lets the proxy
   * resolve names), `http://user:pass@host:port` (CONNECT), an MTProxy link
   * (`tg://proxy?server=…&port=…&secret=…`, `https://t.me/proxy?…`), `tg://socks?…`, or a
   * {@link ProxyConfig}. Checked when the client is created.
   */
  proxy?: string | ProxyConfig;
  /** Options of the updates engine (`client.updates`): catch-up on start, hold window, channel concurrency. */
  updates?: UpdatesOptions;
}

/** Transport after defaults, validated. */
export interface ResolvedTransport {
  type: 'tcp' | 'websocket' | 'http';
  codec: CodecName;
  obfuscated: boolean;
  proxy?: ResolvedProxy;
}

const CODECS: readonly CodecName[] = ['abridged', 'intermediate', 'paddedIntermediate', 'full'];

/** Applies defaults and refuses impossible combinations before anything connects. */
export function resolveTransport(choice: TransportChoice | undefined, proxyOption?: string | ProxyConfig): ResolvedTransport {
  const type = choice?.type ?? 'tcp';
  const codec = choice?.codec ?? 'intermediate';
  const obfuscated = choice?.obfuscated ?? type !== 'http';
  if (type !== 'tcp' && type !== 'websocket' && type !== 'http') {
    throw new BadArgumentError('transport.type', `must be 'tcp', 'websocket' or 'http', got ${String(type)}`);
  }
  if (type === 'http' && obfuscated) throw new BadArgumentError('transport.obfuscated', 'the HTTP transport cannot be obfuscated');
  if (!CODECS.includes(codec)) {
    throw new BadArgumentError('transport.codec', `must be one of ${CODECS.join(', ')}, got ${String(codec)}`);
  }
  if (codec === 'full' && obfuscated) {
    throw new BadArgumentError(
      'transport',
      "the 'full' codec cannot be obfuscated (obfuscated2 carries abridged, intermediate or padded intermediate only); pass obfuscated: false or another codec",
    );
  }
  const proxy = proxyOption === undefined ? undefined : resolveProxyOption(proxyOption);
  if (proxy?.type === 'mtproxy' && type !== 'tcp') throw new BadArgumentError('proxy', `an MTProxy carries TCP only, not ${type}`);
  return { type, codec, obfuscated, ...(proxy ? { proxy } : {}) };
}

function resolveProxyOption(proxy: string | ProxyConfig): ResolvedProxy {
  try {
    return resolveProxy(proxy);
  } catch (err) {
    if (err instanceof TransportError) throw new BadArgumentError('proxy', err.message.replace(/^proxy /, ''), { cause: err });
    throw err;
  }
}

/** Checks the fields a user must provide. */
export function validateClientOptions(options: ClientOptions): void {
  if (!Number.isInteger(options.apiId) || options.apiId <= 0) {
    throw new BadArgumentError('apiId', 'must be a positive integer (get one at https://my.telegram.org)');
  }
  if (typeof options.apiHash !== 'string' || options.apiHash.length === 0) {
    throw new BadArgumentError('apiHash', 'must be a non-empty string (get one at https://my.telegram.org)');
  }
  const transport = resolveTransport(options.transport, options.proxy);
  const telegram = options.dc === undefined && (options.dcs ?? []).length === 0;
  if (transport.type === 'websocket' && transport.proxy !== undefined && telegram) {
    throw new BadArgumentError('proxy', "Telegram's WebSocket endpoints are wss://, which cannot go through a SOCKS5 or CONNECT tunnel yet; use TCP or the HTTP transport through the proxy");
  }
  if (options.storage !== undefined && options.session !== undefined) {
    throw new BadArgumentError('storage', 'give either storage or session (a storage of the first format), not both');
  }
  for (const [kind, count] of Object.entries(options.connections ?? {})) {
    if (!['main', 'upload', 'download', 'cdn'].includes(kind)) throw new BadArgumentError(`connections.${kind}`, "unknown pool kind (main, upload, download, cdn)");
    if (!Number.isInteger(count) || count < 1 || count > 64) throw new BadArgumentError(`connections.${kind}`, 'must be an integer in 1..64');
  }
  for (const field of ['requestTimeout', 'poolIdleTimeout'] as const) {
    const v = options[field];
    if (v !== undefined && !(v > 0)) throw new BadArgumentError(field, 'must be a positive number of ms');
  }
}
