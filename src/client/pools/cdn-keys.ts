/**
 * RSA public keys of CDN DCs. A CDN DC signs its key exchange with a key of its own, published by
 * `help.getCdnConfig` (https://core.telegram.org/cdn); the keys are fetched when a CDN connection
 * first needs them, or supplied by the application with {@link CdnKeys.set}.
 *
 * @module
 */
import { parsePublicKey, type RsaPublicKey } from '../../crypto/index.js';
import { MigrationError } from '../errors.js';
import type { InvokeOptions } from '../invoke/types.js';

/** What `help.getCdnConfig` answers. */
export interface CdnConfigResult {
  publicKeys: Array<{ dcId: number; publicKey: string }>;
}

export class CdnKeys {
  private readonly keys = new Map<number, RsaPublicKey[]>();
  private fetching: Promise<void> | undefined;

  /** @param fetchConfig - calls `help.getCdnConfig` on the main DC. */
  constructor(private readonly fetchConfig: (options: InvokeOptions) => Promise<CdnConfigResult>) {}

  /** Supplies the keys of a CDN DC (PEM, PKCS#1); they replace what `help.getCdnConfig` said. */
  set(dcId: number, pems: readonly string[]): void {
    this.keys.set(dcId, pems.map((pem) => parsePublicKey(pem)));
  }

  /** The keys of `dcId`, asking `help.getCdnConfig` when none is known. */
  async get(dcId: number, options: InvokeOptions): Promise<RsaPublicKey[]> {
    const known = this.keys.get(dcId);
    if (known) return known;
    this.fetching ??= this.fetch(options).finally(() => (this.fetching = undefined));
    await this.fetching;
    const fetched = this.keys.get(dcId);
    if (!fetched) throw new MigrationError(`no RSA key is known for CDN DC ${dcId} (help.getCdnConfig does not list it)`, dcId);
    return fetched;
  }

  private async fetch(options: InvokeOptions): Promise<void> {
    const config = await this.fetchConfig(options);
    const byDc = new Map<number, RsaPublicKey[]>();
    for (const { dcId, publicKey } of config.publicKeys) {
      const list = byDc.get(dcId) ?? [];
      list.push(parsePublicKey(publicKey));
      byDc.set(dcId, list);
    }
    for (const [dcId, list] of byDc) if (!this.keys.has(dcId)) this.keys.set(dcId, list);
  }
}
