/**
 * `TestServer`: a real MTProto server on 127.0.0.1 (TCP and WebSocket, every codec, with or without
 * obfuscation) built from the library's own layers, serving handlers registered by method name and,
 * by default, the simulated Telegram world. Listeners and their limits live in `listeners.ts`,
 * update delivery in `delivery.ts`, the data file's commits in `../persistence/`.
 * @module
 */
import { join } from 'node:path';
import type { RsaPublicKey } from '../../crypto/index.js';
import { ServerKeyExchange } from '../../exchange/server-side.js';
import type { ServerAuthKeyResult } from '../../exchange/server-side.js';
import { MessageIdGenerator } from '../../mtproto/index.js';
import type { ServerMessageKind } from '../../mtproto/index.js';
import type { AnyRequest, MethodName, Updates } from '../../tl/index.js';
import type { PacketConnection } from '../../transport/index.js';
import type { HandlerRegistry, MethodHandler, RequestContext } from '../context.js';
import type { DurableState } from '../persistence/durable-state.js';
import { loadWorld, openDurable } from '../persistence/open.js';
import { TestServerStore } from '../persistence/sqlite-store.js';
import { World, installWorld } from '../world/index.js';
import { AuthKeyStore } from './auth-keys.js';
import type { AuthKeyRecord } from './auth-keys.js';
import { SkewedClock } from './clock.js';
import { ServerConnection } from './connection.js';
import { deliverToKey, deliverToUser } from './delivery.js';
import { TestServerError } from './errors.js';
import { FaultInjector } from './faults.js';
import { HandlerTable } from './handlers.js';
import { KeyPresence } from './key-presence.js';
import type { ServerInternals, ServerLogger } from './internals.js';
import { listenHttpTransport } from './http-listener.js';
import { connectionTimeouts, startListeners } from './listeners.js';
import type { ServerListeners } from './listeners.js';
import type { TestDcAddress, TestServerClientOptions, TestServerOptions, TestServerStats } from './options.js';
import { processRsaKey, rsaFromPrivate } from './rsa-key.js';
import type { ServerRsa } from './rsa-key.js';
import type { ServerSession } from './session.js';
import { SessionTable } from './session-table.js';

export { defaultRsaKey } from './rsa-key.js';

/** @internal How a server in a cluster reaches its siblings and the shared state. */
export interface ClusterLink {
  dcs(): TestDcAddress[];
  pushUpdates(userId: number, updates: Updates, exclude?: ServerSession): void;
  pushToAuthKey(authKeyId: bigint, updates: Updates): void;
  /** The cluster's data file and its commits. */
  durable?: DurableState;
  world?: World;
  rsaKey?: { privateKeyPem: string };
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
  for (const f of ['sessionIdleMs', 'handshakeTimeoutMs', 'idleTimeoutMs', 'maxConnections', 'maxPreKeyFrameSize'] as const) {
    const v = o[f];
    if (v !== undefined && !(v > 0)) throw new TestServerError(`${f} must be a positive number, got ${v}`);
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
  private readonly rsa: ServerRsa;
  private readonly connections = new Set<ServerConnection>();
  private readonly ownedStore: TestServerStore | undefined;
  private readonly durable: DurableState | undefined;
  private listeners: ServerListeners | undefined;
  private closing: Promise<void> | undefined;
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

    this.ownedStore = link === undefined && options.dataDir !== undefined ? TestServerStore.open(options.dataDir) : undefined;
    const store = link?.durable?.store ?? this.ownedStore;
    try {
      this.rsa = this.loadRsaKey(store);
      this.world = this.openWorld(store, clock);
      this.durable = link?.durable ?? (this.ownedStore ? openDurable(this.ownedStore, this.world, logger) : undefined);
      const durable = this.durable;
      const dcId = this.dcId;
      const keys = new AuthKeyStore(() => clock.nowSeconds(), (r, removed) => this.keyChanged(r, removed), options.saltPeriodSeconds);
      const sessions = new SessionTable((kind) => ids.next(kind), {
        now: () => clock.nowMs(),
        ...(options.sessionIdleMs !== undefined ? { idleMs: options.sessionIdleMs } : {}),
        ...(durable
          ? { onCreated: (s: ServerSession) => durable.restoreSession(dcId, s), onForgotten: (s: ServerSession) => durable.forgetSession(dcId, s) }
          : {}),
      });
      const keyRsa = [this.rsa];
      const testMode = this.testMode;
      const world = this.world;
      this.core = {
        dcId,
        testMode,
        clock,
        keys,
        sessions,
        faults: this.faults,
        handlers: new HandlerTable(),
        presence: new KeyPresence(),
        logger,
        nextMsgId: (kind: ServerMessageKind) => ids.next(kind),
        createKeyExchange: () =>
          new ServerKeyExchange({ keys: keyRsa, dcId, testMode, now: () => clock.nowSeconds(), acceptAuthKeyId: (id) => keys.get(id) === undefined }),
        onAuthKeyCreated: (r: ServerAuthKeyResult) => {
          keys.add(r.authKey, { initialSalt: r.serverSalt, ...(r.tempExpiresAt !== undefined ? { expiresAt: r.tempExpiresAt } : {}) });
          durable?.flush(); // stored before dh_gen_ok leaves
        },
        pushUpdates: (userId, updates, exclude) => {
          if (this.link) this.link.pushUpdates(userId, updates, exclude);
          else this.deliverUpdates(userId, updates, exclude);
        },
        commitCall: durable ? (session, msgId, answer) => durable.commitCall(dcId, session, msgId, answer) : () => world?.clearChanges(),
      };
      this.loadKeys(store);
      if (this.world && (options.installWorld ?? true)) this.installWorld(this.world);
    } catch (err) {
      this.ownedStore?.close();
      throw err;
    }
  }

  private loadRsaKey(store: TestServerStore | undefined): ServerRsa {
    const given = this.options.rsaKey ?? this.link?.rsaKey;
    if (given) return rsaFromPrivate(given.privateKeyPem);
    const stored = store?.getRsaKey(this.dcId);
    if (stored) return rsaFromPrivate(stored);
    const fresh = processRsaKey();
    store?.setRsaKey(this.dcId, fresh.privateKeyPem);
    return fresh;
  }

  private openWorld(store: TestServerStore | undefined, clock: SkewedClock): World | undefined {
    const given = this.link?.world ?? this.options.world;
    if (given || !(this.options.installWorld ?? true)) return given;
    return loadWorld(store, {
      now: () => clock.nowSeconds(),
      defaultDc: this.dcId,
      ...(this.options.testMode !== undefined ? { testMode: this.options.testMode } : {}),
      ...(this.options.messages ? { messages: this.options.messages } : {}),
      ...(this.options.dataDir !== undefined ? { files: { dir: join(this.options.dataDir, 'files') } } : {}),
    });
  }

  private installWorld(world: World): void {
    installWorld(this, world, {
      dcs: () => this.dcList(),
      thisDc: this.dcId,
      pushToAuthKey: (authKeyId, updates) => {
        if (this.link) this.link.pushToAuthKey(authKeyId, updates);
        else this.deliverToAuthKey(authKeyId, updates);
      },
      pushUpdates: (userId, updates) => this.core.pushUpdates(userId, updates),
    });
    this.faults.updates = world.updateFaults;
  }

  private loadKeys(store: TestServerStore | undefined): void {
    if (!store) return;
    this.loadingKeys = true;
    try {
      for (const k of store.loadAuthKeys(this.dcId)) {
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

  /** A key was added, removed, signed in or bound: committed with the call that did it (or at once, outside calls). */
  private keyChanged(record: AuthKeyRecord, removed: boolean): void {
    if (removed) this.core?.sessions.removeKey(record.id);
    if (!this.loadingKeys) this.durable?.noteKey(this.dcId, record, removed);
  }

  /** @internal Starts the listeners. */
  async listen(): Promise<void> {
    const accept = (conn: PacketConnection): void => this.accept(conn);
    this.listeners = await startListeners(this.options, this.core.keys, this.core.logger, accept, (opts) => listenHttpTransport(this.core, opts, accept));
  }

  private accept(conn: PacketConnection): void {
    if (this.closing) {
      conn.close();
      return;
    }
    const c = new ServerConnection(conn, this.core, (ended) => this.connections.delete(ended), connectionTimeouts(this.options));
    if (!conn.closed) this.connections.add(c);
  }

  /** @internal Sends `updates` to every session of `userId` on this DC. */
  deliverUpdates(userId: number, updates: Updates, exclude?: ServerSession): void {
    deliverToUser(this.core.sessions, this.core.keys, userId, updates, exclude);
  }

  /** @internal Sends `updates` to every session of an auth key (signed in or not) on this DC. */
  deliverToAuthKey(authKeyId: bigint, updates: Updates): void {
    deliverToKey(this.core.sessions, authKeyId, updates);
  }

  private dcList(): TestDcAddress[] {
    return this.link ? this.link.dcs() : [this.ownAddress()];
  }

  /** @internal This DC's address entry. */
  ownAddress(): TestDcAddress {
    const a = this.address;
    const ws = this.listeners?.ws;
    const http = this.listeners?.http;
    return {
      id: this.dcId,
      host: a.host,
      port: a.port,
      ...(ws ? { wsPort: ws.address.port } : {}),
      ...(http ? { httpPort: http.address.port } : {}),
    };
  }

  /** TCP address. */
  get address(): { host: string; port: number } {
    if (!this.listeners) throw new TestServerError('server is not listening');
    return this.listeners.tcp.address;
  }

  /** WebSocket address (path `/apiws`), or undefined when disabled. */
  get wsAddress(): { host: string; port: number } | undefined {
    return this.listeners?.ws?.address;
  }

  /** HTTP transport address (path `/api`), when `httpPort` was given. */
  get httpAddress(): { host: string; port: number } | undefined {
    return this.listeners?.http?.address;
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
      rsaPublicKeys: [this.rsa.publicKey] as RsaPublicKey[],
    };
  }

  /**
   * Registers a 256-byte auth key created elsewhere (optionally signed in as `userId`). Its client
   * usually starts with salt 0 and gets `bad_server_salt` with the valid salt. Returns the auth_key_id.
   */
  importAuthKey(key: Uint8Array, options: { userId?: number } = {}): bigint {
    if (!(key instanceof Uint8Array) || key.length !== 256) throw new TestServerError(`auth key must be 256 bytes, got ${key?.length}`);
    const id = this.core.keys.add(key, options.userId !== undefined ? { userId: options.userId } : {}).id;
    this.durable?.flush();
    return id;
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

  /** Serves every method that has no handler (default: `400 METHOD_INVALID`); a CDN DC answers `CDN_METHOD_INVALID`. */
  handleOthers(handler: (request: AnyRequest, ctx: RequestContext) => unknown): void {
    this.core.handlers.fallback = handler;
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
    await Promise.all([this.listeners?.tcp.close(), this.listeners?.ws?.close(), this.listeners?.http?.close()]);
    // a cluster closes its own data file
    if (this.ownedStore) {
      this.durable?.close();
      this.ownedStore.close();
    }
  }
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
