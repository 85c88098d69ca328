/**
 * A CDN DC (spec §6.3): one more `TestServer` of a cluster, with its own RSA key (published by the
 * masters in `help.getCdnConfig`) and so its own auth keys, no users, no updates, and one method —
 * `upload.getCdnFile`; everything else answers `CDN_METHOD_INVALID`.
 * @module
 */
import { generateRsaKeyPair } from '../crypto/node-crypto.js';
import type { TestServerStore } from '../persistence/sqlite-store.js';
import type { ServerClock } from '../server/clock.js';
import type { ServerLogger } from '../server/internals.js';
import type { TestServerClientOptions } from '../server/options.js';
import { startTestServer, type TestServer } from '../server/test-server.js';
import type { World } from '../world/world.js';
import { failFiles } from '../world/files/file-errors.js';
import type { CdnFaults } from './cdn-faults.js';
import { CdnRegistry } from './cdn-registry.js';

/** Options of {@link startCdnDc}. */
export interface CdnDcOptions {
  /** DC id (default 203: Telegram numbers its CDN DCs from 201). */
  dcId?: number;
  host?: string;
  port?: number;
  /** RSA key of the CDN DC; default: loaded from the store, else generated (never the masters' key). */
  rsaKey?: { privateKeyPem: string };
  clock?: ServerClock;
  testMode?: boolean;
  logger?: Partial<ServerLogger>;
  /** The cluster's data file: the CDN's RSA key and auth keys persist under its DC id. */
  store?: TestServerStore;
}

let processCdnKey: { privateKeyPem: string } | undefined;

/** CDN DCs of this process without a given or stored key share one (a 2048-bit key takes a while to make). */
function cdnRsaKey(options: CdnDcOptions, dcId: number): { privateKeyPem: string } {
  if (options.rsaKey) return options.rsaKey;
  const stored = options.store?.getRsaKey(dcId);
  if (stored) return { privateKeyPem: stored };
  processCdnKey ??= { privateKeyPem: generateRsaKeyPair().privateKeyPem };
  options.store?.setRsaKey(dcId, processCdnKey.privateKeyPem);
  return processCdnKey;
}

/** A running CDN DC. */
export class CdnDc {
  /** @internal use {@link startCdnDc}. */
  constructor(
    /** The MTProto server of the DC (its own `faults` disturb transport and RPCs). */
    readonly server: TestServer,
    private readonly registry: CdnRegistry,
  ) {}

  get dcId(): number {
    return this.server.dcId;
  }

  /** CDN fault hooks (shared by every CDN DC of the world). */
  get faults(): CdnFaults {
    return this.registry.faults;
  }

  /** PEM of the DC's RSA public key (what `help.getCdnConfig` publishes). */
  get publicKeyPem(): string {
    return this.server.publicKeys[0]!.pem;
  }

  /** Options for a client of this DC (`publicKeys` = the CDN key only). */
  clientOptions(): TestServerClientOptions {
    return this.server.clientOptions();
  }

  /** Stops the DC (the masters stop redirecting to it). */
  close(): Promise<void> {
    this.registry.removeDc(this.dcId);
    return this.server.close();
  }
}

/** Starts a CDN DC serving the files of `world` and announces it to the world's master DCs. */
export async function startCdnDc(world: World, options: CdnDcOptions = {}): Promise<CdnDc> {
  const dcId = options.dcId ?? 203;
  const rsaKey = cdnRsaKey(options, dcId);
  const server = await startTestServer(
    {
      dcId,
      installWorld: false,
      wsPort: false,
      rsaKey,
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.testMode !== undefined ? { testMode: options.testMode } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    },
    {
      dcs: () => [server.ownAddress()],
      pushUpdates: () => {},
      pushToAuthKey: () => {},
      ...(options.store ? { store: options.store } : {}),
    },
  );
  const current = world.files.cdn;
  const reg = current instanceof CdnRegistry ? current : new CdnRegistry(world.files);
  world.files.cdn = reg;
  server.handle('upload.getCdnFile', (req, ctx) => reg.serve(ctx.dcId, req.fileToken, req.offset, req.limit, world.now()));
  server.handleOthers(() => failFiles('cdnMethodInvalid'));
  const address = server.ownAddress();
  reg.addDc({ id: dcId, host: address.host, port: address.port, publicKeyPem: server.publicKeys[0]!.pem });
  return new CdnDc(server, reg);
}
