/**
 * The tgts client: one object that owns connections to Telegram's DCs, the storage, sign-in and
 * the typed `api`. The parts it wires together live in their own folders (`invoke/`, `pools/`,
 * `lifecycle/`, `takeout/`; see `assemble.ts` for the pipeline).
 *
 * ```ts
 * const client = new Client({ apiId, apiHash, storage: new FileStorage('bot.session') });
 * await client.run(async (api) => {
 *   await client.auth.bot(token);
 *   const invite = await api.messages.exportChatInvite({ peer, usageLimit: 10 });
 * });
 * ```
 *
 * @module
 */
import { parsePublicKey, type RsaPublicKey } from '../crypto/index.js';
import type { InitConnectionParams } from '../mtproto/index.js';
import { MemoryStorage } from '../storage/memory.js';
import { storageFromSession } from '../storage/session/adapter.js';
import type { Storage } from '../storage/types.js';
import type { AnyRequest, ResultOf, Updates } from '../tl/index.js';
import { AccountState } from './account.js';
import { createApi, type Api } from './api.js';
import { assemble, cdnConfigFetcher, type Assembly } from './assemble.js';
import { ClientAuth } from './auth.js';
import { DEFAULT_DC_ID, PRODUCTION_PUBLIC_KEY, TEST_PUBLIC_KEY } from './builtin-dcs.js';
import { CancelledError, ClosedError, type LeaseLostError } from './errors.js';
import { bounded, withDeadline } from './invoke/call.js';
import type { InvokeOptions, Invoker, Middleware } from './invoke/types.js';
import type { LoggedOutEvent } from './lifecycle/logged-out.js';
import { SignOut } from './lifecycle/sign-out.js';
import { composeMiddlewares } from './middleware/compose.js';
import { validateClientOptions, type ClientOptions, type ConnectionState } from './options.js';
import { FilesApi } from './files/index.js';
import { CdnKeys } from './pools/cdn-keys.js';
import { startTakeout, type TakeoutScope, type TakeoutSession } from './takeout/takeout.js';
import { Tap, waitForUpdate, type ClientTap } from './tap.js';
import { ClientUpdates } from './updates/updates.js';
import { platform } from '../platform/current.js';
import { PeerCache } from './peers/cache.js';
import type { PeerContext } from './peers/resolve.js';
import { peersRoom, type PeersRoom } from './peers/room.js';
import { messagesRoom, type MessagesRoom } from './messages/room.js';
import { chatsRoom, type ChatsRoom } from './iterators/room.js';
import { createRouter, type Router } from './router/router.js';
import { engineEventSource } from './router/source.js';

const VERSION = '0.1.0';
const NO_OPTIONS: InvokeOptions = Object.freeze({});
const now = (): number => Date.now();

/** Raw `Updates` handler of {@link Client.onUpdate}. */
export type UpdateHandler = (updates: Updates) => void;

/** The DC side of a client an application may steer (`client.dcs`). */
export interface ClientDcs {
  /** Supplies the RSA keys (PEM) of a CDN DC instead of asking `help.getCdnConfig`. */
  setCdnPublicKeys(dcId: number, pems: readonly string[]): void;
  /** Asks `help.getConfig` for the current DC addresses now. */
  refresh(options?: InvokeOptions): Promise<void>;
}

/**
 * A Telegram client. Construct it, then either `run(fn)` (connects, runs `fn`, always closes) or
 * `connect()` … `close()` (also `await using client = …` through `Symbol.asyncDispose`).
 */
export class Client {
  /** Every method of the layer: `client.api.messages.exportChatInvite({ … })`. */
  readonly api: Api;
  /** Sign-in, status and log-out. */
  readonly auth: ClientAuth;
  /** Everything the client receives: results (`onResult`) and pushed updates (`onUpdates`). */
  readonly tap: ClientTap;
  /** CDN keys and DC addresses. */
  readonly dcs: ClientDcs;

  private readonly options: ClientOptions;
  private readonly storage: Storage;
  private readonly publicKeys: RsaPublicKey[];
  private readonly requestTimeout: number;
  private readonly taps: Tap;
  private readonly signOut: SignOut;
  private readonly cdnKeys: CdnKeys;
  private readonly middlewares: Middleware[];
  private readonly stateHandlers = new Set<(state: ConnectionState) => void>();
  private filesApi: FilesApi | undefined;
  private account: AccountState | undefined;
  private readonly rooms: PeerContext;
  private readonly peerCache: PeerCache;
  private peersRoom: PeersRoom | undefined;
  private messagesRoom: MessagesRoom | undefined;
  private chatsRoom: ChatsRoom | undefined;
  private botRouter: Router | undefined;
  private assembly: Assembly | undefined;
  /** The whole pipeline, set once the client has started: calls then take the synchronous path. */
  private invoker: Invoker | undefined;
  private starting: Promise<void> | undefined;
  private closed = false;
  /** Set when the storage lost its lease (a fleet storage): the client closed itself for it. */
  private leaseLost: LeaseLostError | undefined;
  private unwatchLease: (() => void) | undefined;
  private state: ConnectionState = 'disconnected';
  private updatesRoom: ClientUpdates | undefined;

  constructor(options: ClientOptions) {
    validateClientOptions(options);
    this.options = options;
    this.storage = options.storage ?? (options.session ? storageFromSession(options.session) : new MemoryStorage());
    const pems = options.publicKeys ?? [options.testServers ? TEST_PUBLIC_KEY : PRODUCTION_PUBLIC_KEY];
    this.publicKeys = pems.map((pem) => parsePublicKey(pem));
    this.requestTimeout = options.requestTimeout ?? 60_000;
    this.middlewares = [...(options.middlewares ?? [])];
    this.taps = new Tap((error) => options.logger?.warn('tgts: a tap listener threw', error));
    this.tap = this.taps;
    this.signOut = new SignOut(
      () => this.account,
      () => this.assembly?.pools,
      options.logger,
    );
    this.cdnKeys = new CdnKeys(cdnConfigFetcher(() => this.assembly?.internal));
    this.dcs = {
      setCdnPublicKeys: (dcId, keys) => this.cdnKeys.set(dcId, keys),
      refresh: async (o = {}) => {
        const call = withDeadline(o, now(), this.requestTimeout);
        await this.start(call);
        await this.assembly!.config.refresh(call);
      },
    };
    this.api = createApi((request, opts) => this.send(request, opts));
    const invoke: Invoker = (request, opts) => this.send(request, opts);
    // every user and chat the client receives lands in storage.peers (issue 15)
    const cache = new PeerCache(this.storage.peers, () => this.start(NO_OPTIONS), (error) => options.logger?.warn('tgts: could not store peers', error));
    cache.attach(this.taps);
    this.peerCache = cache;
    this.rooms = { invoke, cache, selfId: async () => (await this.started()).user?.id };
    this.auth = new ClientAuth({
      invoke,
      apiId: options.apiId,
      apiHash: options.apiHash,
      user: async () => (await this.started()).user,
      setUser: async (user) => (await this.started()).setUser(user),
      setPrimaryDc: async (dcId) => (await this.started()).setPrimaryDc(dcId),
      signedOut: () => this.signOut.run('logOut'),
      waitForUpdate: (match, signal) => waitForUpdate(this.taps, match, signal),
    });
  }

  /** Peers: `client.peers.resolve('@name' | 't.me/…' | -100123 | …)` and the peer cache. */
  get peers(): PeersRoom {
    return (this.peersRoom ??= peersRoom(this.rooms));
  }

  /** Message helpers: `sendText`, `editText`, `deleteMessages`, `forwardMessages`, pins, `readHistory`, `iterHistory`, `iterSearch`. */
  get messages(): MessagesRoom {
    return (this.messagesRoom ??= messagesRoom(this.rooms));
  }

  /** Dialogs and members: `iterDialogs`, `iterParticipants`. */
  get chats(): ChatsRoom {
    return (this.chatsRoom ??= chatsRoom(this.rooms));
  }

  /** The bot router over this client's updates (`client.router.onCommand('start', …).start()`). */
  get router(): Router {
    return (this.botRouter ??= createRouter(this.rooms, engineEventSource(this.updates), this.options.logger ? { onError: (e) => this.options.logger?.warn('tgts router: a handler threw', e) } : {}));
  }

  /** Uploads, downloads (CDN included) and `sendFile`, over this client (created on first use). */
  get files(): FilesApi {
    return (this.filesApi ??= new FilesApi((request, opts) => this.send(request, opts)));
  }

  /** Current connection state of the primary DC. */
  get connectionState(): ConnectionState {
    return this.state;
  }

  /**
   * Adds a middleware around every call (outermost first, outside the default ones). Returns the
   * client, so `client.use(a).use(b)` reads in order.
   */
  use(middleware: Middleware): this {
    this.middlewares.push(middleware);
    if (this.assembly) this.invoker = composeMiddlewares(this.middlewares, this.assembly.internal);
    return this;
  }

  /**
   * Opens the storage and connects to the primary DC (creating the auth key on first use). Safe to
   * call more than once. `timeout` (default `requestTimeout`) and `signal` bound the wait; the
   * connection attempt itself goes on for the calls that follow.
   */
  async connect(options: { signal?: AbortSignal; timeout?: number } = {}): Promise<void> {
    const call = withDeadline(options, now(), this.requestTimeout);
    await this.start(call);
    await this.assembly!.pools.start(call);
  }

  /** Opens the storage and builds the pools (once), bounded by `call`. */
  private start(call: InvokeOptions): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    if (this.invoker) return Promise.resolve();
    this.starting ??= this.doStart().catch((error: unknown) => {
      this.starting = undefined; // a later call may try again (e.g. a lock that was released)
      throw error;
    });
    return bounded(this.starting, call, 'opening the storage', now);
  }

  private async started(): Promise<AccountState> {
    await this.start(NO_OPTIONS);
    return this.account!;
  }

  private async doStart(): Promise<void> {
    const o = this.options;
    const account = await AccountState.open(this.storage, { dcId: o.dc?.id ?? DEFAULT_DC_ID, ...(o.testServers ? { testMode: true } : {}) });
    if (this.closed) {
      await this.storage.close();
      throw new ClosedError();
    }
    this.account = account;
    // another process may own the account now: stop using it at once (the storage refuses writes already)
    this.unwatchLease = this.storage.onLost?.((error) => {
      this.leaseLost = error;
      this.options.logger?.warn(`tgts: ${error.message}; closing the client`);
      void this.close();
    });
    this.assembly = assemble(o, account, {
      tap: this.taps,
      now,
      publicKeys: this.publicKeys,
      initConnection: this.initConnection(),
      cdnKeys: this.cdnKeys,
      onPrimaryState: (state) => this.setState(state),
      loggedOut: (error, reason) => this.signOut.run(reason, error),
    });
    this.invoker = composeMiddlewares(this.middlewares, this.assembly.internal);
  }

  private initConnection(): InitConnectionParams {
    const device = this.options.device ?? {};
    return {
      apiId: this.options.apiId,
      deviceModel: device.deviceModel ?? 'tgts',
      systemVersion: device.systemVersion ?? (typeof process === 'object' && process.versions?.node ? `Node.js ${process.versions.node}` : 'JavaScript'),
      appVersion: device.appVersion ?? VERSION,
      systemLangCode: device.systemLangCode ?? 'en',
      langPack: device.langPack ?? '',
      langCode: device.langCode ?? 'en',
    };
  }

  /**
   * Sends one request through the pipeline and resolves with its typed result. `timeout` (default
   * `requestTimeout`) or `deadline` bound the whole call — connecting, retries and migration hops
   * included; `signal` cancels it.
   */
  invoke<R extends AnyRequest>(request: R, options: InvokeOptions = NO_OPTIONS): Promise<ResultOf<R>> {
    return this.send(request, options) as Promise<ResultOf<R>>;
  }

  /** Untyped core of {@link invoke} (typing every request's result at once is too deep for the compiler). */
  private send(request: AnyRequest, options: InvokeOptions = NO_OPTIONS): Promise<unknown> {
    // the call's time limit becomes a deadline here, once: the session's one timer enforces it
    let call = options;
    if (options.deadline === undefined) {
      const timeout = options.timeout ?? this.requestTimeout;
      if (timeout > 0 && timeout !== Infinity) call = options === NO_OPTIONS ? { deadline: now() + timeout } : { ...options, deadline: now() + timeout };
    }
    if (call.signal?.aborted) return Promise.reject(CancelledError.fromSignal(call.signal));
    const invoker = this.invoker;
    if (!invoker || this.closed) return this.sendSlow(request, call);
    // started: no async frame, no timer, no AbortController on the way to the session
    try {
      const result = invoker(request, call);
      return result instanceof Promise ? result : Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error); // a middleware that throws synchronously still rejects
    }
  }

  private async sendSlow(request: AnyRequest, call: InvokeOptions): Promise<unknown> {
    await this.start(call);
    if (this.closed) throw this.closedError();
    return this.invoker!(request, call);
  }

  /**
   * The updates engine (`updates/`), created on first use: `client.updates.on('newMessage', …)`,
   * `for await (const u of client.updates)`, `client.updates.state`. Gap-free, ordered, exactly once.
   */
  get updates(): ClientUpdates {
    return (this.updatesRoom ??= new ClientUpdates(
      {
        invoke: (request, o) => this.send(request, o),
        tap: this.taps,
        updates: this.storage.updates,
        self: async () => (await this.started()).user,
        onConnectionState: (listener) => this.onStateChange(listener),
        channelHash: async (id) => (await this.storage.peers.get('channel', id))?.accessHash,
        clock: platform().clock,
        report: (error) => this.options.logger?.warn('tgts: updates', error),
      },
      this.options.updates,
    ));
  }

  /** Subscribes to raw `Updates` as they arrive (the tap's `onUpdates`); returns the unsubscribe function. */
  onUpdate(handler: UpdateHandler): () => void {
    return this.taps.onUpdates((updates) => handler(updates));
  }

  /** Subscribes to connection state changes of the primary DC; returns the unsubscribe function. */
  onStateChange(handler: (state: ConnectionState) => void): () => void {
    this.stateHandlers.add(handler);
    return () => this.stateHandlers.delete(handler);
  }

  /**
   * Subscribes to the end of the authorization: Telegram ended it (`AUTH_KEY_UNREGISTERED` on the
   * primary DC, `SESSION_REVOKED`, `AUTH_KEY_DUPLICATED`, `USER_DEACTIVATED(_BAN)` — the failed
   * call rejects with the matching `LoggedOutError`) or `client.auth.logOut()` did. When the
   * listener runs, the account and the keys that carried the authorization are already gone from
   * the storage; the client stays usable (sign in again). Returns the unsubscribe function.
   */
  onLoggedOut(listener: (event: LoggedOutEvent) => void): () => void {
    return this.signOut.subscribe(listener);
  }

  /** Starts a takeout session (see `takeout/takeout.ts`): `account.initTakeoutSession`, then calls through `invokeWithTakeout`. */
  startTakeout(scope: TakeoutScope = {}, options: InvokeOptions = {}): Promise<TakeoutSession> {
    return startTakeout((request, o) => this.send(request, o), scope, options);
  }

  /**
   * Connects, runs `fn` with the typed api, and closes everything when `fn` settles (its result or
   * error passes through). Nothing keeps the process alive afterwards.
   */
  async run<T>(fn: (api: Api, client: this) => Promise<T>): Promise<T> {
    try {
      await this.connect();
      return await fn(this.api, this);
    } finally {
      await this.close();
    }
  }

  /** Closes every connection and the storage; pending calls reject with `ClosedError`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unwatchLease?.();
    await this.updatesRoom?.close();
    await this.assembly?.pools.close();
    await this.starting?.catch(() => undefined);
    await this.peerCache.settled(); // the last peers seen reach the storage before it closes
    if (this.account) await this.storage.close().catch((error: unknown) => this.options.logger?.warn('tgts: could not close the storage', error));
    this.setState('closed');
  }

  /** The error calls get once closed; it names a lost lease when that closed the client. */
  private closedError(): ClosedError {
    const lost = this.leaseLost;
    return lost ? new ClosedError(`client closed itself: ${lost.message}`, { cause: lost }) : new ClosedError();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private setState(state: ConnectionState): void {
    if (this.state === state || this.state === 'closed') return;
    this.state = state;
    this.options.onStateChange?.(state);
    for (const handler of [...this.stateHandlers]) handler(state);
  }
}
