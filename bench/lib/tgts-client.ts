/**
 * Builds tgts `Client`s for a `TestServer` that start with an auth key registered through
 * `server.importAuthKey`, so benchmarks and load tests do not pay one key exchange per client.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { Client, MemorySession } from './built.js';
import type { ClientOptions, TestServerClientOptions } from './built.js';

/** A fresh random 256-byte auth key. */
export function newAuthKey(): Uint8Array {
  return new Uint8Array(randomBytes(256));
}

/** A client of the server described by `opts` that already holds `authKey` (registered by the caller). */
export function clientWithKey(opts: TestServerClientOptions, authKey: Uint8Array, extra: Partial<ClientOptions> = {}): Client {
  const session = new MemorySession({
    version: 1,
    dcId: opts.dcId,
    dcs: { [opts.dcId]: { host: opts.host, port: opts.port, authKey } },
  });
  return new Client({ apiId: 1, apiHash: 'bench', dc: opts.dc, dcs: opts.dcs, publicKeys: opts.publicKeys, session, ...extra });
}
