/**
 * The tgts client: one object that owns connections to Telegram's DCs, the session, sign-in,
 * updates and the typed `api`.
 *
 * ```ts
 * const client = new Client({ apiId, apiHash, session: new FileSession('bot.session') });
 * await client.run(async (api) => {
 *   await client.auth.bot(token);
 *   const invite = await api.messages.exportChatInvite({ peer, usageLimit: 10 });
 * });
 * ```
 *
 * @module
 */
import { parsePublicKey, type RsaPublicKey } from '../crypto/index.js';
import type { AnyRequest, ResultOf, Updates } from '../tl/index.js';
import { createApi, type Api } from './api.js';
import { ClientAuth } from './auth.js';
import { DEFAULT_DC_ID, PRODUCTION_DCS, PRODUCTION_PUBLIC_KEY, TEST_DCS, TEST_PUBLIC_KEY, type DcAddress } from './builtin-dcs.js';
import { DcPool, PEEK_SIGNAL } from './dc-pool.js';
import type { LazySignalOptions } from './dc-pool.js';
import { ClosedError, TimeoutError, CancelledError } from './errors.js';
import { composeMiddlewares, floodWait, retryInternal, type InvokeOptions, type Invoker, type Middleware } from './middleware/index.js';
import { createMigratingInvoker } from './migration.js';
import { resolveTransport, validateClientOptions, type ClientOptions, type ConnectionState } from './options.js';
import { SessionState } from './session-state.js';
import { UpdateDispatcher, type UpdateHandler } from './updates.js';

const VERSION = '0.1.0';

/**
 * A Telegram client. Construct it, then either `run(fn)` (connects, runs `fn`, always closes) or
 * `connect()` … `close()` (also `await using client = …` through `Symbol.asyncDispose`).
 */
export class Client {
  /** Every method of the layer: `client.api.messages.exportChatInvite({ … })`. */
  readonly api: Api;
  /** Sign-in, status and log-out. */
  readonly auth: ClientAuth;

  private readonly options: ClientOptions;
  private readonly publicKeys: RsaPublicKey[];
  private readonly updates: UpdateDispatcher;
  private readonly stateHandlers = new Set<(state: ConnectionState) => void>();
  private session: SessionState | undefined;
  private pool: DcPool | undefined;
  private invoker: Invoker | undefined;
  /** Set once connect() has completed: calls then skip awaiting it. */
  private ready = false;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private state: ConnectionState = 'disconnected';

  constructor(options: ClientOptions) {
    validateClientOptions(options);
    this.options = options;
    const pems = options.publicKeys ?? [options.testServers ? TEST_PUBLIC_KEY : PRODUCTION_PUBLIC_KEY];
    this.publicKeys = pems.map((pem) => parsePublicKey(pem));
    this.updates = new UpdateDispatcher((err) => this.options.logger?.warn('tgts: update handler threw', err));
    this.api = createApi((request, opts) => this.send(request, opts));
    this.auth = new ClientAuth(
      this.invoke.bind(this),
      async () => {
        await this.connect();
        if (!this.pool || !this.session) throw new ClosedError();
        return { pool: this.pool, session: this.session };
      },
      { apiId: options.apiId, apiHash: options.apiHash },
      (match, signal) => this.updates.waitFor(match, signal),
    );
  }

  /** Current connection state of the primary DC. */
  get connectionState(): ConnectionState {
    return this.state;
  }

  /** Connects to the primary DC (creating the auth key on first use). Safe to call more than once. */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new ClosedError());
    this.connecting ??= this.doConnect();
    return this.connecting;
  }

  private async doConnect(): Promise<void> {
    const o = this.options;
    const transport = resolveTransport(o.transport);
    const testMode = o.testServers === true;
    const builtin: readonly DcAddress[] = testMode ? TEST_DCS : PRODUCTION_DCS;
    const addresses: DcAddress[] = [...builtin, ...(o.dcs ?? []), ...(o.dc ? [o.dc] : [])];
    this.session = await SessionState.open(o.session, o.dc?.id ?? DEFAULT_DC_ID, testMode);
    const device = o.device ?? {};
    this.pool = new DcPool({
      transport,
      publicKeys: this.publicKeys,
      testMode,
      session: this.session,
      addresses,
      requestTimeout: o.requestTimeout ?? 60_000,
      logger: o.logger,
      ...(o.pfs !== undefined ? { pfs: o.pfs } : {}),
      initConnection: {
        apiId: o.apiId,
        deviceModel: device.deviceModel ?? 'tgts',
        systemVersion: device.systemVersion ?? `Node.js ${process.versions.node}`,
        appVersion: device.appVersion ?? VERSION,
        systemLangCode: device.systemLangCode ?? 'en',
        langPack: device.langPack ?? '',
        langCode: device.langCode ?? 'en',
      },
      onUpdate: (updates) => this.updates.dispatch(updates as Updates),
      onStateChange: (state) => this.setState(state),
    });
    const middlewares: Middleware[] = [
      ...(o.middlewares ?? []),
      ...(o.defaultMiddlewares === false ? [] : [floodWait({ maxWaitSeconds: o.floodWaitThreshold ?? 60 }), retryInternal()]),
    ];
    this.invoker = composeMiddlewares(middlewares, createMigratingInvoker(this.pool, this.session));
    this.setState('connecting');
    await this.pool.get(this.session.dcId);
    this.ready = true;
  }

  /**
   * Sends one request through the middlewares and resolves with its typed result.
   * `options.timeout` bounds the whole call including retries; `options.signal` cancels it.
   */
  invoke<R extends AnyRequest>(request: R, options: InvokeOptions = {}): Promise<ResultOf<R>> {
    return this.send(request, options) as Promise<ResultOf<R>>;
  }

  /** Untyped core of {@link invoke} (typing every request's result at once is too deep for the compiler). */
  private async send(request: AnyRequest, options: InvokeOptions = {}): Promise<unknown> {
    if (!this.ready) await this.connect();
    const invoker = this.invoker;
    if (!invoker || this.closed) throw new ClosedError();
    const timeout = options.timeout ?? this.options.requestTimeout ?? 60_000;
    const outer = options.signal;
    if (outer?.aborted) throw CancelledError.fromSignal(outer);
    // The signal that bounds the whole call (retries included) is created only when something
    // reads it (a middleware waiting, the caller's own signal): a plain call then needs no
    // AbortController and no timer here, the session's timeout bounds it.
    const started = Date.now();
    let controller: AbortController | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const onAbort = (): void => controller?.abort(outer?.reason ?? new CancelledError());
    const signal = (): AbortSignal => {
      if (controller) return controller.signal;
      const c = (controller = new AbortController());
      const left = Math.max(0, timeout - (Date.now() - started));
      timer = setTimeout(() => {
        timedOut = true;
        c.abort(new TimeoutError(`${request._} timed out after ${timeout} ms`, timeout));
      }, left);
      outer?.addEventListener('abort', onAbort, { once: true });
      return c.signal;
    };
    if (outer) signal();
    const callOptions: LazySignalOptions = {
      ...options,
      get signal() {
        return signal();
      },
      [PEEK_SIGNAL]: () => controller?.signal,
    };
    try {
      return await invoker(request, callOptions);
    } catch (err) {
      if (timedOut && controller?.signal.reason instanceof TimeoutError && !(err instanceof TimeoutError)) {
        throw controller.signal.reason;
      }
      throw err;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  /** Subscribes to raw `Updates` as they arrive; returns the unsubscribe function. */
  onUpdate(handler: UpdateHandler): () => void {
    return this.updates.subscribe(handler);
  }

  /** Subscribes to connection state changes of the primary DC; returns the unsubscribe function. */
  onStateChange(handler: (state: ConnectionState) => void): () => void {
    this.stateHandlers.add(handler);
    return () => this.stateHandlers.delete(handler);
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

  /** Closes every connection and the session storage; pending calls reject with `ClosedError`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool?.close();
    await this.connecting?.catch(() => undefined);
    await this.session?.close();
    this.setState('closed');
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onStateChange?.(state);
    for (const handler of [...this.stateHandlers]) handler(state);
  }
}
