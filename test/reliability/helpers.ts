/**
 * Shared setup of the reliability suites: a `TestServer` with an echo handler, clients that start
 * with a pre-registered auth key (no key exchange per client), and bounded polling.
 */
import { randomBytes } from 'node:crypto';
import { Client, MemorySession } from '../../src/index.js';
import type { ClientOptions } from '../../src/index.js';
import { TestServer } from '../../src/testing/index.js';
import type { TestServerOptions } from '../../src/testing/index.js';

/**
 * Echo method: `help.getAppConfig({ hash })` answers `help.appConfig` with the same `hash`, so each
 * result can be matched to its request.
 */
export async function startEchoServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server = await TestServer.start({ wsPort: false, ...options });
  let calls = 0;
  echoCounters.set(server, () => calls);
  server.handle('help.getAppConfig', (req) => {
    calls++;
    return { _: 'help.appConfig' as const, hash: req.hash, config: { _: 'jsonNull' as const } };
  });
  return server;
}

const echoCounters = new WeakMap<TestServer, () => number>();

/** How many times the echo handler of `server` ran (each execution, duplicates included). */
export function echoCalls(server: TestServer): number {
  return echoCounters.get(server)?.() ?? 0;
}

/** The `hash` echoed by the server, or throws when the result has another shape. */
export function echoed(result: { _: string; hash?: number }): number {
  if (result._ !== 'help.appConfig' || typeof result.hash !== 'number') throw new Error(`unexpected result ${result._}`);
  return result.hash;
}

/** A client holding a fresh auth key already registered on `server`. */
export function keyedClient(server: TestServer, extra: Partial<ClientOptions> = {}): Client {
  const o = server.clientOptions();
  const authKey = new Uint8Array(randomBytes(256));
  server.importAuthKey(authKey);
  const session = new MemorySession({ version: 1, dcId: o.dcId, dcs: { [o.dcId]: { host: o.host, port: o.port, authKey } } });
  return new Client({ apiId: 1, apiHash: 'reliability', dc: o.dc, dcs: o.dcs, publicKeys: o.publicKeys, session, ...extra });
}

/** Polls `check` every 20 ms until it is true or `ms` elapse; returns its last value. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
