/**
 * `TestCluster`: several test DCs sharing one world, one RSA key and (with `dataDir`) one data file.
 * `help.getConfig` lists every DC; accounts are homed on a DC (the world answers `USER_MIGRATE_X` /
 * `PHONE_MIGRATE_X`); `auth.exportAuthorization` tokens are valid on every DC of the cluster.
 * @module
 */
import type { MethodName, Updates } from '../tl/index.js';
import type { HandlerRegistry, MethodHandler } from './context.js';
import type { DurableState } from './persistence/durable-state.js';
import { loadWorld, openDurable } from './persistence/open.js';
import { TestServerStore } from './persistence/sqlite-store.js';
import { TestServerError } from './server/errors.js';
import type { ServerClock } from './server/clock.js';
import type { ServerLogger } from './server/internals.js';
import type { TestDcAddress, TestServerClientOptions } from './server/options.js';
import type { ServerSession } from './server/session.js';
import { defaultRsaKey, startTestServer } from './server/test-server.js';
import type { ClusterLink, TestServer } from './server/test-server.js';
import type { World } from './world/index.js';

/** Options of {@link TestCluster.start}. */
export interface TestClusterOptions {
  /** DC ids, default `[1, 2, 3]`. */
  dcs?: number[];
  /** Directory of the shared SQLite data file; default: memory only. */
  dataDir?: string;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** TCP port of the first DC; the others follow (basePort + 1, ...). Default: free ports. */
  basePort?: number;
  /** WebSocket port of the first DC, the others following; default: free ports. */
  baseWsPort?: number;
  clock?: ServerClock;
  testMode?: boolean;
  /** World to share; default: a new one (restored from `dataDir` when present). */
  world?: World;
  /** Install the world's handlers on every DC (default true). */
  installWorld?: boolean;
  /** RSA key shared by every DC; default: loaded from `dataDir`, else generated. */
  rsaKey?: { privateKeyPem: string };
  logger?: Partial<ServerLogger>;
}

/** Data-file slot of the cluster-wide RSA key (DC ids start at 1). */
const CLUSTER_RSA_SLOT = 0;

/** Several DCs sharing one world. */
export class TestCluster implements HandlerRegistry {
  /** Servers in the order of `options.dcs`. */
  readonly servers: TestServer[] = [];
  private closing: Promise<void> | undefined;

  private constructor(
    readonly world: World | undefined,
    private readonly store: TestServerStore | undefined,
    private readonly durable: DurableState | undefined,
  ) {}

  /** Starts every DC; resolves once all listen. */
  static async start(options: TestClusterOptions = {}): Promise<TestCluster> {
    const ids = options.dcs ?? [1, 2, 3];
    if (ids.length === 0 || new Set(ids).size !== ids.length) throw new TestServerError(`dcs must be distinct DC ids, got [${ids.join(', ')}]`);
    const store = options.dataDir !== undefined ? TestServerStore.open(options.dataDir) : undefined;
    let cluster: TestCluster | undefined;
    try {
      let rsaKey = options.rsaKey;
      if (!rsaKey) {
        const stored = store?.getRsaKey(CLUSTER_RSA_SLOT);
        if (stored) rsaKey = { privateKeyPem: stored };
        else {
          rsaKey = defaultRsaKey();
          store?.setRsaKey(CLUSTER_RSA_SLOT, rsaKey.privateKeyPem);
        }
      }
      const install = options.installWorld ?? true;
      let world = options.world;
      if (!world && install) {
        const now = (): number => Math.floor((options.clock?.now() ?? Date.now()) / 1000);
        world = loadWorld(store, { now, defaultDc: ids[0]!, ...(options.testMode !== undefined ? { testMode: options.testMode } : {}) });
      }
      const errorLog = options.logger?.error ?? ((message: string, ...details: unknown[]) => console.error(`[tgts test cluster] ${message}`, ...details));
      const durable = store ? openDurable(store, world, { error: errorLog }) : undefined;
      const c = new TestCluster(world, store, durable);
      cluster = c;
      const link: ClusterLink = {
        dcs: () => c.addresses(),
        pushUpdates: (userId, updates, exclude) => c.pushUpdates(userId, updates, exclude),
        pushToAuthKey: (authKeyId, updates) => {
          for (const s of c.servers) s.deliverToAuthKey(authKeyId, updates);
        },
        rsaKey,
        ...(durable ? { durable } : {}),
        ...(world ? { world } : {}),
      };
      for (const [i, dcId] of ids.entries()) {
        c.servers.push(
          await startTestServer(
            {
              dcId,
              installWorld: install,
              ...(options.basePort !== undefined ? { port: options.basePort + i } : {}),
              ...(options.baseWsPort !== undefined ? { wsPort: options.baseWsPort + i } : {}),
              ...(options.host !== undefined ? { host: options.host } : {}),
              ...(options.clock ? { clock: options.clock } : {}),
              ...(options.testMode !== undefined ? { testMode: options.testMode } : {}),
              ...(options.logger ? { logger: options.logger } : {}),
            },
            link,
          ),
        );
      }
      return c;
    } catch (err) {
      if (cluster) await cluster.close();
      else store?.close();
      throw err;
    }
  }

  private addresses(): TestDcAddress[] {
    return this.servers.map((s) => s.ownAddress());
  }

  private pushUpdates(userId: number, updates: Updates, exclude?: ServerSession): void {
    for (const s of this.servers) s.deliverUpdates(userId, updates, exclude);
  }

  /** The server of DC `id`; throws {@link TestServerError} for an unknown DC. */
  dc(id: number): TestServer {
    const s = this.servers.find((x) => x.dcId === id);
    if (!s) throw new TestServerError(`no DC ${id} in this cluster (DCs: ${this.servers.map((x) => x.dcId).join(', ')})`);
    return s;
  }

  /** Every DC's address. */
  get dcs(): TestDcAddress[] {
    return this.addresses();
  }

  /** Client options starting on DC `dcId` (default: the first DC). */
  clientOptions(dcId = this.servers[0]!.dcId): TestServerClientOptions {
    return this.dc(dcId).clientOptions();
  }

  /** Installs `handler` on every DC. */
  handle<M extends MethodName>(method: M, handler: MethodHandler<M>): void {
    for (const s of this.servers) s.handle(method, handler);
  }

  /** Closes every DC, commits what is pending and closes the data file. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(this.servers.map((s) => s.close()));
      try {
        this.durable?.close();
      } finally {
        this.store?.close();
      }
    })();
    return this.closing;
  }
}
