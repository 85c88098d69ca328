/**
 * Where each DC can be reached, per connection kind. Sources, strongest first: addresses given in
 * the options (a local server or cluster), the `dc_options` of the last `help.getConfig`, the
 * address an auth key was made against (kept in storage), the built-in bootstrap list.
 *
 * The built-in list is only used when the options give no addresses (a client of a local server
 * never dials Telegram). A `main` connection never uses a media-only address; `upload`/`download` prefer one (Telegram:
 * "only used to download or upload files"); `cdn` takes the CDN DC's addresses. IPv6 addresses are
 * of Telegram's lists are used only with `ipv6: true` (then preferred; an address from the
 * options is used as given), addresses reachable only through obfuscation
 * (`tcpo_only`) only when the transport obfuscates.
 *
 * @module
 */
import type { DcOption } from '../../tl/index.js';
import { PRODUCTION_DCS, PRODUCTION_DCS_IPV6, TEST_DCS, TEST_DCS_IPV6, type DcAddress } from '../builtin-dcs.js';
import type { PoolKind } from '../invoke/types.js';

/** One address of a DC, with what it may be used for. */
export interface DcEndpoint {
  dcId: number;
  host: string;
  port: number;
  /** WebSocket port on the same host, when it differs (local servers). */
  wsPort?: number;
  /** HTTP transport port on the same host (local servers; Telegram's DCs: 80). */
  httpPort?: number;
  ipv6: boolean;
  mediaOnly: boolean;
  cdn: boolean;
  /** Reachable only with obfuscation. */
  tcpoOnly: boolean;
  /** `dcOption.static`: a fallback address (used when nothing else fits). */
  static: boolean;
  /** Which source it came from. */
  source: 'options' | 'config' | 'stored' | 'builtin';
}

/** Options of {@link DcDirectory}. */
export interface DcDirectoryOptions {
  testMode: boolean;
  /** Use IPv6 addresses (preferred when set). */
  ipv6: boolean;
  /** The transport obfuscates (`tcpo_only` addresses are usable). */
  obfuscated: boolean;
  /** Addresses from the options (`dc`, `dcs`). */
  explicit: readonly DcAddress[];
  /** The address stored with a DC's auth key, if any. */
  stored(dcId: number): { host: string; port: number } | undefined;
}

const isIpv6 = (host: string): boolean => host.includes(':');

function fromAddress(a: DcAddress, source: DcEndpoint['source']): DcEndpoint {
  return {
    dcId: a.id,
    host: a.host,
    port: a.port,
    ...(a.wsPort !== undefined ? { wsPort: a.wsPort } : {}),
    ...(a.httpPort !== undefined ? { httpPort: a.httpPort } : {}),
    ipv6: isIpv6(a.host),
    mediaOnly: a.mediaOnly === true,
    cdn: a.cdn === true,
    tcpoOnly: false,
    static: false,
    source,
  };
}

function fromOption(o: DcOption): DcEndpoint {
  return {
    dcId: o.id,
    host: o.ipAddress,
    port: o.port,
    ipv6: o.ipv6 === true,
    mediaOnly: o.mediaOnly === true,
    cdn: o.cdn === true,
    tcpoOnly: o.tcpoOnly === true,
    static: o.static === true,
    source: 'config',
  };
}

function group<T extends { dcId: number }>(items: Iterable<T>): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const list = out.get(item.dcId);
    if (list) list.push(item);
    else out.set(item.dcId, [item]);
  }
  return out;
}

/** The DC addresses a client knows. */
export class DcDirectory {
  private readonly explicit: Map<number, DcEndpoint[]>;
  private readonly builtin: Map<number, DcEndpoint[]>;
  private config = new Map<number, DcEndpoint[]>();
  private cdnIds = new Set<number>();

  constructor(private readonly options: DcDirectoryOptions) {
    this.explicit = group(options.explicit.map((a) => fromAddress(a, 'options')));
    const v4 = options.testMode ? TEST_DCS : PRODUCTION_DCS;
    const v6 = options.testMode ? TEST_DCS_IPV6 : PRODUCTION_DCS_IPV6;
    this.builtin = group([...v4, ...v6].map((a) => fromAddress(a, 'builtin')));
    for (const a of options.explicit) if (a.cdn) this.cdnIds.add(a.id);
  }

  /** True when the client talks to Telegram itself (no addresses in the options): WebSocket then dials Telegram's named endpoints. */
  get telegram(): boolean {
    return this.explicit.size === 0;
  }

  /** Replaces what the last `help.getConfig` said (its `dc_options`). */
  applyConfig(dcOptions: readonly DcOption[]): void {
    this.config = group(dcOptions.map(fromOption));
    for (const o of dcOptions) if (o.cdn) this.cdnIds.add(o.id);
  }

  /** True when `dcId` is known as a CDN DC. */
  isCdn(dcId: number): boolean {
    return this.cdnIds.has(dcId);
  }

  /** The address to dial for a connection of `kind` to `dcId`, or undefined when none is known. */
  endpoint(dcId: number, kind: PoolKind): DcEndpoint | undefined {
    for (const candidates of this.sources(dcId)) {
      const best = this.choose(candidates, kind);
      if (best) return best;
    }
    return undefined;
  }

  private *sources(dcId: number): Iterable<DcEndpoint[]> {
    const explicit = this.explicit.get(dcId);
    if (explicit) yield explicit;
    const config = this.config.get(dcId);
    if (config) yield config;
    const stored = this.options.stored(dcId);
    if (stored) yield [fromAddress({ id: dcId, ...stored }, 'stored')];
    // Telegram's bootstrap list only when talking to Telegram: a client of a local server never
    // dials out to a Telegram DC because that server did not mention one
    const builtin = this.telegram ? this.builtin.get(dcId) : undefined;
    if (builtin) yield builtin;
  }

  private choose(candidates: readonly DcEndpoint[], kind: PoolKind): DcEndpoint | undefined {
    // an address the application gave (or one a key was made against) is used as it is
    const chosen = (e: DcEndpoint): boolean => e.source === 'options' || e.source === 'stored';
    const usable = candidates.filter((e) => (this.options.ipv6 || !e.ipv6 || chosen(e)) && (this.options.obfuscated || !e.tcpoOnly));
    const rank = (e: DcEndpoint): number => {
      let r = 0;
      if (kind === 'main' && e.mediaOnly) return -1; // never for API calls
      if ((kind === 'upload' || kind === 'download') && e.mediaOnly) r += 8;
      if (this.options.ipv6 && e.ipv6) r += 4;
      if (!e.cdn || kind === 'cdn') r += 2;
      if (!e.static) r += 1;
      return r;
    };
    let best: DcEndpoint | undefined;
    let bestRank = -1;
    for (const e of usable) {
      const r = rank(e);
      if (r > bestRank) {
        best = e;
        bestRank = r;
      }
    }
    return best;
  }
}
