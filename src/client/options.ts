/**
 * Options of {@link Client} and how their defaults are resolved.
 *
 * @module
 */
import type { MtprotoSessionState } from '../mtproto/index.js';
import { TransportError, resolveProxy } from '../transport/index.js';
import type { CodecName, ProxyConfig, ResolvedProxy } from '../transport/index.js';
import type { Middleware } from './middleware/index.js';
import type { SessionStorage } from './session/types.js';
import type { DcAddress } from './builtin-dcs.js';
import { BadArgumentError } from './errors.js';

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
  /** Where the auth keys and the account are kept; default: in memory only. */
  session?: SessionStorage;
  /** The DC to start on (a local test server, or a production DC address override). */
  dc?: DcAddress;
  /** Addresses of every DC (a local `TestCluster`); merged with `help.getConfig` results. */
  dcs?: DcAddress[];
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
  /** Extra middlewares, outermost first; they wrap the default ones. */
  middlewares?: Middleware[];
  /** Install the default flood-wait and internal-error retry middlewares (default true). */
  defaultMiddlewares?: boolean;
  /** Longest FLOOD_WAIT (seconds) the default middleware sleeps through before throwing; default 60. */
  floodWaitThreshold?: number;
  /** Default per-call time limit in ms; default 60 000. */
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
  resolveTransport(options.transport, options.proxy);
}
