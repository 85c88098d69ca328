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

const NO_OPTIONS: InvokeOptions = Object.freeze({});

/**
 * Options one call hands to the middlewares. The signal bounding the whole call (retries included)
 * is made on first read, so a call that nobody cancels costs no AbortController and no timer; the
 * session's own timeout bounds it. A class (not an object literal with a getter) keeps every call's
 * options in one fast shape.
 */
class CallOptions implements LazySignalOptions {
  timeout?: number;
  dcId?: number;
  /** The call's promise while it runs on the hot path (a late-made timer is cleared when it settles). */
  running: Promise<unknown> | undefined;
  private controller: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timedOut = false;
  private onOuterAbort: (() => void) | undefined;
  private readonly started = Date.now();

  constructor(
    private readonly request: AnyRequest,
    options: InvokeOptions,
    private readonly total: number,
    private readonly outer: AbortSignal | undefined,
  ) {
    if (options === NO_OPTIONS) return;
    // any extra fields a custom middleware reads pass through, as with a spread
    for (const k of Object.keys(options)) {
      if (k !== 'signal') (this as unknown as Record<string, unknown>)[k] = (options as Record<string, unknown>)[k];
    }
  }

  /** True once the signal (and its timer) exists. */
  get touched(): boolean {
    return this.controller !== undefined;
  }

  get signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const c = (this.controller = new AbortController());
    const left = Math.max(0, this.total - (Date.now() - this.started));
    this.timer = setTimeout(() => {
      this.timedOut = true;
      c.abort(new TimeoutError(`${this.request._} timed out after ${this.total} ms`, this.total));
    }, left);
    const outer = this.outer;
    if (outer) {
      this.onOuterAbort = () => c.abort(outer.reason ?? new CancelledError());
      outer.addEventListener('abort', this.onOuterAbort, { once: true });
    }
    if (this.running) {
      const clear = (): void => this.cleanup();
      this.running.then(clear, clear);
    }
    return c.signal;
  }

  [PEEK_SIGNAL](): AbortSignal | undefined {
    return this.controller?.signal;
  }

  /** The error a failed call rejects with: the TimeoutError when the whole call's time ran out. */
  failure(err: unknown): unknown {
    const reason: unknown = this.controller?.signal.reason;
    return this.timedOut && reason instanceof TimeoutError && !(err instanceof TimeoutError) ? reason : err;
  }

  /** Settles like `result` (see {@link failure}), then clears the timer and listener. */
  async finish(result: Promise<unknown>): Promise<unknown> {
    try {
      return await result;
    } catch (err) {
      throw this.failure(err);
    } finally {
      this.cleanup();
    }
  }

  private cleanup(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.onOuterAbort) this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
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
    const transport = resolveTransport(o.transport, o.proxy);
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
  private send(request: AnyRequest, options: InvokeOptions = NO_OPTIONS): Promise<unknown> {
    const invoker = this.invoker;
    // Hot path (connected, no caller signal): no async frame, no closure, no AbortController.
    if (!this.ready || !invoker || this.closed || options.signal) return this.sendSlow(request, options);
    const call = new CallOptions(request, options, options.timeout ?? this.options.requestTimeout ?? 60_000, undefined);
    let result: Promise<unknown>;
    try {
      result = invoker(request, call);
    } catch (err) {
      result = Promise.reject(err); // a middleware that throws synchronously still rejects
    }
    // a middleware that already read `signal` made a timer, or returned a non-promise: the full tail
    if (call.touched || !(result instanceof Promise)) return call.finish(result);
    call.running = result;
    return result.then(undefined, (err: unknown) => {
      throw call.failure(err);
    });
  }

  /** {@link send} when not yet connected or when the caller passed a signal. */
  private async sendSlow(request: AnyRequest, options: InvokeOptions): Promise<unknown> {
    if (!this.ready) await this.connect();
    const invoker = this.invoker;
    if (!invoker || this.closed) throw new ClosedError();
    const outer = options.signal;
    if (outer?.aborted) throw CancelledError.fromSignal(outer);
    const call = new CallOptions(request, options, options.timeout ?? this.options.requestTimeout ?? 60_000, outer);
    // The signal that bounds the whole call (retries included) is created only when something
    // reads it (a middleware waiting, the caller's own signal): a plain call then needs no
    // AbortController and no timer here, the session's timeout bounds it.
    if (outer) void call.signal;
    return call.finish(invoker(request, call));
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
