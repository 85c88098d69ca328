/**
 * `TestServer`: a real MTProto server on 127.0.0.1 (TCP and WebSocket, every codec, with or without
 * obfuscation) built from the library's own layers, serving handlers registered by method name and,
 * by default, the simulated Telegram world.
 * @module
 */
import { createPublicKey } from 'node:crypto';
import { parsePublicKey } from '../../crypto/index.js';
import { generateRsaKeyPair } from '../crypto/node-crypto.js';
import type { RsaPublicKey } from '../../crypto/index.js';
import { ServerKeyExchange } from '../../exchange/server-side.js';
import type { ServerAuthKeyResult } from '../../exchange/server-side.js';
import { MessageIdGenerator } from '../../mtproto/index.js';
import type { ServerMessageKind } from '../../mtproto/index.js';
import { encode } from '../../tl/full-codec.js';
import type { MethodName, Updates } from '../../tl/index.js';
import { listen, listenWebSocket } from '../../transport/server.js';
import type { Listener, PacketConnection } from '../../transport/index.js';
import type { HandlerRegistry, MethodHandler } from '../context.js';
import { listenHttpTransport } from './http-listener.js';
import { TestServerStore } from '../persistence/sqlite-store.js';
import { World, createWorld, installWorld } from '../world/index.js';
import type { WorldSnapshot } from '../world/index.js';
import { AuthKeyStore } from './auth-keys.js';
import type { AuthKeyRecord } from './auth-keys.js';
import { SkewedClock } from './clock.js';
import { ServerConnection } from './connection.js';
import { TestServerError } from './errors.js';
import { FaultInjector } from './faults.js';
import { HandlerTable } from './handlers.js';
import type { ServerInternals, ServerLogger } from './internals.js';
import type { TestDcAddress, TestServerClientOptions, TestServerOptions, TestServerStats } from './options.js';
import type { ServerSession } from './session.js';
import { SessionTable } from './session-table.js';

/** Debounce of world snapshot writes, ms. */
const WORLD_SAVE_DELAY_MS = 200;

/** @internal How a server in a cluster reaches its siblings and the shared state. */
export interface ClusterLink {
  dcs(): TestDcAddress[];
  pushUpdates(userId: number, updates: Updates, exclude?: ServerSession): void;
  pushToAuthKey(authKeyId: bigint, updates: Updates): void;
  store?: TestServerStore;
  world?: World;
  rsaKey?: { privateKeyPem: string };
}

function rsaFromPrivate(privateKeyPem: string): { privateKeyPem: string; publicKey: RsaPublicKey } {
  try {
    const pem = createPublicKey(privateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
    return { privateKeyPem, publicKey: parsePublicKey(pem) };
  } catch (err) {
    throw new TestServerError(`rsaKey.privateKeyPem is not a usable RSA private key: ${(err as Error).message}`, undefined, { cause: err });
  }
}

let processKey: { privateKeyPem: string; publicKey: RsaPublicKey } | undefined;

/** Generating a 2048-bit key takes up to seconds: servers of one process without a given or stored key share one. */
function processRsaKey(): { privateKeyPem: string; publicKey: RsaPublicKey } {
  if (!processKey) {
    const k = generateRsaKeyPair();
    processKey = { privateKeyPem: k.privateKeyPem, publicKey: k.publicKey };
  }
  return processKey;
}

function encodeObject(o: Updates): Uint8Array {
  return encode(o);
}

function makeLogger(partial: Partial<ServerLogger> | undefined): ServerLogger {
  const noop = (): void => {};
  return {
    debug: partial?.debug ?? noop,
    warn: partial?.warn ?? noop,
    error: partial?.error ?? ((message, ...details) => console.error(`[tgts test server] ${message}`, ...details)),
  };
}

function checkOptions(o: TestServerOptions): void {
  if (o.dcId !== undefined && (!Number.isInteger(o.dcId) || o.dcId < 1 || o.dcId > 9999)) {
    throw new TestServerError(`dcId must be an integer in 1..9999, got ${o.dcId}`);
  }
  if (o.sessionIdleMs !== undefined && !(o.sessionIdleMs > 0)) {
    throw new TestServerError(`sessionIdleMs must be a positive number of ms, got ${o.sessionIdleMs}`);
  }
  for (const f of ['port', 'wsPort', 'httpPort'] as const) {
    const v = o[f];
    if (v !== undefined && v !== false && (!Number.isInteger(v) || v < 0 || v > 65535)) {
      throw new TestServerError(`${f} must be a port number, got ${String(v)}`);
    }
  }
}

/** A running test DC. Create with {@link TestServer.start}; end with {@link TestServer.close}. */
export class TestServer implements HandlerRegistry {
  /** DC id this server plays. */
  readonly dcId: number;
  /** Fault injection hooks (tests only). */
  readonly faults: FaultInjector;
  /** The simulated Telegram, when installed. */
  readonly world: World | undefined;
  readonly testMode: boolean;

  private readonly core: ServerInternals;
  private readonly rsa: { privateKeyPem: string; publicKey: RsaPublicKey };
  private readonly connections = new Set<ServerConnection>();
  private readonly ownedStore: TestServerStore | undefined;
  private readonly store: TestServerStore | undefined;
  private tcp: Listener | undefined;
  private ws: Listener | undefined;
  private http: Listener | undefined;
  private closing: Promise<void> | undefined;
  private worldSaveTimer: NodeJS.Timeout | undefined;
  private unsubscribeWorld: (() => void) | undefined;
  private loadingKeys = false;

  /** Starts a server; resolves once it listens. */
  static async start(options: TestServerOptions = {}): Promise<TestServer> {
    return startTestServer(options);
  }

  /** @internal use {@link TestServer.start}. */
  constructor(
    private readonly options: TestServerOptions,
    private readonly link: ClusterLink | undefined,
  ) {
    checkOptions(options);
    this.dcId = options.dcId ?? 2;
    this.testMode = options.testMode ?? false;
    const clock = new SkewedClock(options.clock);
    const logger = makeLogger(options.logger);
    let ids = new MessageIdGenerator({ side: 'server', now: () => clock.nowMs() });
    this.faults = new FaultInjector((s) => {
      clock.skewSeconds = s;
      // A fresh generator, so a clock moved backwards shows in our msg_ids at once.
      ids = new MessageIdGenerator({ side: 'server', now: () => clock.nowMs() });
    });

    this.ownedStore = link?.store === undefined && options.dataDir !== undefined ? TestServerStore.open(options.dataDir) : undefined;
    this.store = link?.store ?? this.ownedStore;
    try {
      this.rsa = this.loadRsaKey();
      const keys = new AuthKeyStore(() => clock.nowSeconds(), (r, removed) => this.persistKey(r, removed), options.saltPeriodSeconds);
      const handlers = new HandlerTable();
      const sessions = new SessionTable((kind) => ids.next(kind), {
        now: () => clock.nowMs(),
        ...(options.sessionIdleMs !== undefined ? { idleMs: options.sessionIdleMs } : {}),
      });
      const keyRsa = [this.rsa];
      const dcId = this.dcId;
      const testMode = this.testMode;
      this.core = {
        dcId,
        testMode,
        clock,
        keys,
        sessions,
        faults: this.faults,
        handlers,
        logger,
        nextMsgId: (kind: ServerMessageKind) => ids.next(kind),
        createKeyExchange: () =>
          new ServerKeyExchange({
            keys: keyRsa,
            dcId,
            testMode,
            now: () => clock.nowSeconds(),
            acceptAuthKeyId: (id) => keys.get(id) === undefined,
          }),
        onAuthKeyCreated: (r: ServerAuthKeyResult) => {
          keys.add(r.authKey, { initialSalt: r.serverSalt, ...(r.tempExpiresAt !== undefined ? { expiresAt: r.tempExpiresAt } : {}) });
        },
        pushUpdates: (userId, updates, exclude) => {
          if (this.link) this.link.pushUpdates(userId, updates, exclude);
          else this.deliverUpdates(userId, updates, exclude);
        },
      };
      this.loadKeys();
      this.world = this.setUpWorld(clock);
    } catch (err) {
      this.ownedStore?.close();
      throw err;
    }
  }

  private loadRsaKey(): { privateKeyPem: string; publicKey: RsaPublicKey } {
    const given = this.options.rsaKey ?? this.link?.rsaKey;
    if (given) return rsaFromPrivate(given.privateKeyPem);
    const stored = this.store?.getRsaKey(this.dcId);
    if (stored) return rsaFromPrivate(stored);
    const fresh = processRsaKey();
    this.store?.setRsaKey(this.dcId, fresh.privateKeyPem);
    return fresh;
  }

  private loadKeys(): void {
    if (!this.store) return;
    this.loadingKeys = true;
    try {
      for (const k of this.store.loadAuthKeys(this.dcId)) {
        this.core.keys.add(k.authKey, {
          ...(k.userId !== undefined ? { userId: k.userId } : {}),
          ...(k.expiresAt !== undefined ? { expiresAt: k.expiresAt } : {}),
          ...(k.boundPermId !== undefined ? { boundPermId: k.boundPermId } : {}),
        });
      }
    } finally {
      this.loadingKeys = false;
    }
  }

  private persistKey(record: AuthKeyRecord, removed: boolean): void {
    if (!this.store || this.loadingKeys || this.store.isClosed) return;
    if (removed) this.store.deleteAuthKey(this.dcId, record.id);
    else {
      this.store.saveAuthKey(this.dcId, record.id, {
        authKey: record.key,
        ...(record.userId !== undefined ? { userId: record.userId } : {}),
        ...(record.expiresAt !== undefined ? { expiresAt: record.expiresAt } : {}),
        ...(record.boundPermId !== undefined ? { boundPermId: record.boundPermId } : {}),
      });
    }
  }

  private setUpWorld(clock: SkewedClock): World | undefined {
    const install = this.options.installWorld ?? true;
    let world = this.link?.world ?? this.options.world;
    if (!world && install) {
      const worldOptions = {
        now: () => clock.nowSeconds(),
        defaultDc: this.dcId,
        ...(this.options.testMode !== undefined ? { testMode: this.options.testMode } : {}),
      };
      const snapshot = this.store?.loadWorld();
      try {
        world = snapshot !== undefined ? World.fromSnapshot(snapshot as WorldSnapshot, worldOptions) : createWorld(worldOptions);
      } catch (err) {
        throw new TestServerError(`stored world snapshot is invalid: ${(err as Error).message}`, this.store?.file, { cause: err });
      }
    }
    if (world && install) {
      installWorld(this, world, {
        dcs: () => this.dcList(),
        thisDc: this.dcId,
        pushToAuthKey: (authKeyId, updates) => {
          if (this.link) this.link.pushToAuthKey(authKeyId, updates);
          else this.deliverToAuthKey(authKeyId, updates);
        },
      });
    }
    // A standalone server with a data dir persists its world; in a cluster the cluster does.
    if (world && this.ownedStore) {
      const w = world;
      this.unsubscribeWorld = w.onChange(() => this.scheduleWorldSave(w));
    }
    return world;
  }

  private scheduleWorldSave(world: World): void {
    if (this.worldSaveTimer || this.closing) return;
    this.worldSaveTimer = setTimeout(() => {
      this.worldSaveTimer = undefined;
      this.saveWorld(world);
    }, WORLD_SAVE_DELAY_MS);
  }

  private saveWorld(world: World): void {
    try {
      if (this.ownedStore && !this.ownedStore.isClosed) this.ownedStore.saveWorld(world.snapshot());
    } catch (err) {
      this.core.logger.error('could not save the world snapshot', err);
    }
  }

  /** @internal Starts the listeners. */
  async listen(): Promise<void> {
    const onConnection = (conn: PacketConnection): void => this.accept(conn);
    const common = {
      host: this.options.host ?? '127.0.0.1',
      ...(this.options.maxFrameSize !== undefined ? { maxFrameSize: this.options.maxFrameSize } : {}),
      onRejected: (err: Error, remote: string) => this.core.logger.debug(`rejected ${remote}`, err),
    };
    this.tcp = await listen({ ...common, port: this.options.port ?? 0 }, onConnection);
    if (this.options.wsPort !== false) {
      this.ws = await listenWebSocket({ ...common, port: this.options.wsPort ?? 0 }, onConnection);
    }
    const httpPort = this.options.httpPort;
    if (httpPort !== undefined && httpPort !== false) this.http = await listenHttpTransport(this.core, { ...common, port: httpPort }, onConnection);
  }

  private accept(conn: PacketConnection): void {
    if (this.closing) {
      conn.close();
      return;
    }
    const c = new ServerConnection(conn, this.core, (ended) => this.connections.delete(ended));
    if (!conn.closed) this.connections.add(c);
  }

  /** @internal Sends `updates` to every session of `userId` on this DC. */
  deliverUpdates(userId: number, updates: Updates, exclude?: ServerSession): void {
    let body: Uint8Array | undefined;
    for (const session of this.core.sessions.all()) {
      if (session === exclude || this.core.keys.userOf(session.authKey) !== userId) continue;
      body ??= encodeObject(updates);
      session.send(body, 'service', true);
    }
  }

  /** @internal Sends `updates` to every session of an auth key (signed in or not) on this DC. */
  deliverToAuthKey(authKeyId: bigint, updates: Updates): void {
    const body = encodeObject(updates);
    for (const session of this.core.sessions.all()) if (session.authKey.id === authKeyId) session.send(body, 'service', true);
  }

  private dcList(): TestDcAddress[] {
    return this.link ? this.link.dcs() : [this.ownAddress()];
  }

  /** @internal This DC's address entry. */
  ownAddress(): TestDcAddress {
    const a = this.address;
    return {
      id: this.dcId,
      host: a.host,
      port: a.port,
      ...(this.ws ? { wsPort: this.ws.address.port } : {}),
      ...(this.http ? { httpPort: this.http.address.port } : {}),
    };
  }

  /** TCP address. */
  get address(): { host: string; port: number } {
    if (!this.tcp) throw new TestServerError('server is not listening');
    return this.tcp.address;
  }

  /** WebSocket address (path `/apiws`), or undefined when disabled. */
  get wsAddress(): { host: string; port: number } | undefined {
    return this.ws?.address;
  }

  /** HTTP transport address (path `/api`), when `httpPort` was given. */
  get httpAddress(): { host: string; port: number } | undefined {
    return this.http?.address;
  }

  /** RSA public keys clients must trust. */
  get publicKeys(): Array<{ pem: string; fingerprint: bigint }> {
    return [{ pem: this.rsa.publicKey.pem, fingerprint: this.rsa.publicKey.fingerprint }];
  }

  /** Options for a tgts `Client` (add `apiId`/`apiHash`) and the lower layers. */
  clientOptions(): TestServerClientOptions {
    const dc = this.ownAddress();
    return {
      dc,
      dcs: this.dcList(),
      publicKeys: [this.rsa.publicKey.pem],
      testServers: this.testMode,
      dcId: dc.id,
      host: dc.host,
      port: dc.port,
      ...(dc.wsPort !== undefined ? { wsPort: dc.wsPort } : {}),
      rsaPublicKeys: [this.rsa.publicKey],
    };
  }

  /**
   * Registers a 256-byte auth key created elsewhere (optionally signed in as `userId`). Its client
   * usually starts with salt 0 and gets `bad_server_salt` with the valid salt. Returns the auth_key_id.
   */
  importAuthKey(key: Uint8Array, options: { userId?: number } = {}): bigint {
    if (!(key instanceof Uint8Array) || key.length !== 256) throw new TestServerError(`auth key must be 256 bytes, got ${key?.length}`);
    return this.core.keys.add(key, options.userId !== undefined ? { userId: options.userId } : {}).id;
  }

  /** User an auth key is signed in as (undefined when unknown or not signed in). */
  userOfAuthKey(authKeyId: bigint): number | undefined {
    const r = this.core.keys.get(authKeyId);
    return r ? this.core.keys.userOf(r) : undefined;
  }

  /** Serves `method` with `handler` (replacing the previous handler of that method). */
  handle<M extends MethodName>(method: M, handler: MethodHandler<M>): void {
    this.core.handlers.handle(method, handler);
  }

  /** Live counters. */
  get stats(): TestServerStats {
    this.core.sessions.sweep();
    return { connections: this.connections.size, sessions: this.core.sessions.size, authKeys: this.core.keys.size };
  }

  /** Current server time (unix seconds, injected skew included). */
  now(): number {
    return this.core.clock.nowSeconds();
  }

  /** Stops listening, ends every connection and timer, saves state. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    for (const c of [...this.connections]) c.close();
    this.connections.clear();
    await Promise.all([this.tcp?.close(), this.ws?.close(), this.http?.close()]);
    if (this.worldSaveTimer) clearTimeout(this.worldSaveTimer);
    this.worldSaveTimer = undefined;
    this.unsubscribeWorld?.();
    if (this.world && this.ownedStore) this.saveWorld(this.world);
    this.ownedStore?.close();
  }
}

/** @internal The RSA key shared by servers of this process that were given none. */
export function defaultRsaKey(): { privateKeyPem: string } {
  return { privateKeyPem: processRsaKey().privateKeyPem };
}

/** @internal Creates and starts a server (optionally as one DC of a cluster). */
export async function startTestServer(options: TestServerOptions, link?: ClusterLink): Promise<TestServer> {
  const server = new TestServer(options, link);
  try {
    await server.listen();
  } catch (err) {
    await server.close();
    throw err instanceof TestServerError ? err : new TestServerError(`cannot listen: ${(err as Error).message}`, undefined, { cause: err });
  }
  return server;
}
