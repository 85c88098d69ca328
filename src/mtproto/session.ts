/**
 * One MTProto 2.0 session with one DC, client side: owns the auth key, salt, session id and clock
 * offset; keeps a connection up (creating the auth key when needed); and runs the RPC engine.
 * The work is delegated: ids (message-id.ts), seqno (seqno.ts), pending table (pending.ts),
 * outgoing queue and containers (outbox.ts), acks (acks.ts), pings (ping-loop.ts), salts
 * (salts.ts), replay checks (incoming-check.ts) and one handler per service message (handlers/).
 * https://core.telegram.org/mtproto/description
 * @module
 */
import { decryptMessage, encryptMessage, randomBytes } from '../crypto/index.js';
import type { RsaPublicKey } from '../crypto/index.js';
import { CancelledError, ClosedError, TimeoutError } from '../errors.js';
import { createAuthKey } from '../exchange/index.js';
import { decodeIncoming, readResult, resultMethodOf, writeRequest } from '../tl/codec.js';
import { LAYER } from '../tl/generated/layer.js';
import { Reader } from '../tl/runtime/reader.js';
import { Writer } from '../tl/runtime/writer.js';
import type { AnyRequest, JSONValue, ResultOf } from '../tl/index.js';
import { TransportError } from '../transport/index.js';
import type { PacketConnection } from '../transport/index.js';
import { AckBatcher } from './acks.js';
import { DeadlineQueue } from './deadlines.js';
import { reconnectDelay } from './backoff.js';
import type { ReconnectPolicy } from './backoff.js';
import { systemClock } from './clock.js';
import type { MtprotoClock, MtprotoLogger } from './clock.js';
import { dispatchIncoming } from './dispatcher.js';
import { ConnectionFailedError, MtprotoError } from './errors.js';
import { maybeGzipPack, type InflateBudget } from './gzip.js';
import type { HandlerContext, IncomingMessage } from './handlers/context.js';
import { checkIncomingMsgId } from './incoming-check.js';
import { MessageIdGenerator, msgIdToSeconds } from './message-id.js';
import {
  MT,
  constructorOf,
  encodeDestroySession,
  encodeGetFutureSalts,
  encodeMsgsStateReq,
  encodeHttpWait,
  encodePingDelayDisconnect,
  encodeRpcDropAnswer,
  parseServiceMessage,
} from './mt-codec.js';
import { Outbox } from './outbox.js';
import type { PendingRequest } from './pending.js';
import { PendingTable } from './pending.js';
import { PingLoop } from './ping-loop.js';
import { decodeEncryptedPlaintext, encodeEncryptedPlaintext } from './plaintext.js';
import { SaltManager } from './salts.js';
import { SeenMessageIds } from './seen-ids.js';
import { SeqNoCounter, isContentRelated } from './seqno.js';
import { TempKeyKeeper, resolvePfsOptions } from './pfs/index.js';
import type { PfsHost, PfsOptions } from './pfs/index.js';

/** Lifecycle of a session. */
export type MtprotoSessionState = 'connecting' | 'ready' | 'disconnected' | 'closed';

/** What `initConnection` reports about the app. */
export interface InitConnectionParams {
  apiId: number;
  deviceModel: string;
  systemVersion: string;
  appVersion: string;
  systemLangCode: string;
  langPack: string;
  langCode: string;
  /** `params:JSONValue` of initConnection. */
  params?: unknown;
}

/** Key material worth persisting. */
export interface MtprotoKeyState {
  authKey: Uint8Array;
  salt: bigint;
  timeOffset: number;
}

/** Options of {@link MtprotoSession}. */
export interface MtprotoSessionOptions {
  dcId: number;
  testMode?: boolean;
  media?: boolean;
  /** Opens a transport connection; called on start and on every reconnect. */
  connect: () => Promise<PacketConnection>;
  /** Server RSA keys for creating an auth key when none is given. */
  publicKeys: RsaPublicKey[];
  authKey?: Uint8Array | undefined;
  salt?: bigint | undefined;
  /** Seconds to add to the local clock to get server time. */
  timeOffset?: number | undefined;
  initConnection: InitConnectionParams;
  /** Called when the key, salt or time offset changes (persist them). */
  onKey?(state: MtprotoKeyState): void;
  /** Updates and any other unsolicited object, decoded. */
  onUpdate?(updates: unknown): void;
  onStateChange?(state: MtprotoSessionState): void;
  /** Keepalive interval, ms (default 60 000); the server drops us after interval + 15 s of silence. */
  pingIntervalMs?: number;
  /** Default per-call timeout, ms (default none; `invoke(…, { timeout })` overrides). */
  requestTimeoutMs?: number | undefined;
  reconnect?: ReconnectPolicy;
  /** Most unsettled calls at once (default 16 384); beyond it `invoke` rejects at once. */
  maxPendingRequests?: number;
  logger?: MtprotoLogger | undefined;
  clock?: MtprotoClock;
  /**
   * Perfect Forward Secrecy (default off): messages are encrypted with temporary keys (never
   * passed to `onKey`) bound to the permanent key and renewed before they expire.
   * https://core.telegram.org/api/pfs
   */
  pfs?: PfsOptions | undefined;
}

/**
 * Result type of {@link MtprotoSession.invoke}: `ResultOf<R>` for a concrete request, `unknown`
 * when the caller only knows it has "some request" (computing ResultOf over the whole union is
 * too deep for the compiler).
 */
export type InvokeResult<R extends AnyRequest> = AnyRequest extends R ? unknown : ResultOf<R>;

/** Options of {@link MtprotoSession.invoke}. */
export interface MtprotoInvokeOptions {
  signal?: AbortSignal | undefined;
  /** Timeout for this call, ms; 0 or Infinity disables it. */
  timeout?: number | undefined;
}

const NO_OPTIONS: MtprotoInvokeOptions = Object.freeze({});
/** Longest an HTTP long poll (`http_wait.max_wait`) waits for something to answer with, ms. */
const HTTP_WAIT_MS = 25_000;

/** Decodes an API call's result (shared by every call: the method comes from the request record). */
function decodeApiResult(result: Uint8Array, req: PendingRequest, budget?: InflateBudget): unknown {
  const r = new Reader(result);
  r.budget = budget;
  return readResult(req.method, r);
}

function settleLater(): void {
  throw new Error('settled before the promise existed');
}

/** A pending request record; every field is set here so all records share one shape. */
function newRequest(
  method: string,
  body: Uint8Array,
  decode: (result: Uint8Array, req: PendingRequest) => unknown,
  internal: boolean,
  request?: AnyRequest,
): PendingRequest {
  return {
    method,
    body,
    decode,
    internal,
    request,
    status: 'queued',
    msgId: 0n,
    msgIds: [],
    wrapped: false,
    resolve: settleLater,
    reject: settleLater,
    cleanup: undefined,
    settled: false,
    deadline: undefined,
    timeoutMs: undefined,
    deadlineSlot: undefined,
  };
}

function randomLong(): bigint {
  return new DataView(randomBytes(8).buffer).getBigInt64(0, true);
}

/** Client side of one MTProto session. See the module comment for the parts it delegates to. */
export class MtprotoSession {
  private readonly opts: MtprotoSessionOptions;
  private readonly clock: MtprotoClock;
  private readonly ids: MessageIdGenerator;
  private seq = new SeqNoCounter();
  private readonly seenIds = new SeenMessageIds(4096);
  private readonly pending = new PendingTable(4096, (req) => this.deadlines.remove(req));
  private readonly acks: AckBatcher;
  private readonly outbox: Outbox;
  private readonly salts: SaltManager;
  private readonly pingLoop: PingLoop;
  private readonly stateQueries = new Map<bigint, bigint[]>();
  private readonly ctx: HandlerContext;
  private readonly writer = new Writer(256);
  private readonly deadlines: DeadlineQueue<PendingRequest>;
  private readonly pfs: TempKeyKeeper | undefined;

  private key: Uint8Array | undefined;
  private session: bigint = randomLong();
  private conn: PacketConnection | undefined;
  private current: MtprotoSessionState = 'disconnected';
  private connecting: Promise<void> | undefined;
  private needInit = true;
  private failures = 0;
  private isClosed = false;
  private saltsRequested = false;
  private wake: (() => void) | undefined;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: MtprotoSessionOptions) {
    this.opts = options;
    this.clock = options.clock ?? systemClock;
    this.key = options.authKey;
    this.ids = new MessageIdGenerator({ side: 'client', now: () => this.clock.now(), timeOffset: options.timeOffset ?? 0 });
    this.salts = new SaltManager(options.salt ?? 0n);
    this.deadlines = new DeadlineQueue<PendingRequest>(this.clock, (req) =>
      this.abandon(req, new TimeoutError(`${req.method} timed out after ${req.timeoutMs} ms`, req.timeoutMs ?? 0)),
    );
    this.acks = new AckBatcher(this.clock, () => this.outbox.flush());
    this.outbox = new Outbox({
      ids: this.ids,
      seqNo: () => this.seq,
      pending: this.pending,
      acks: this.acks,
      requestBody: (req) => this.requestBody(req),
      transmit: (msgId, seqNo, body) => this.transmit(msgId, seqNo, body),
      ready: () => this.current === 'ready' && this.conn !== undefined && !this.conn.closed,
    });
    this.pingLoop = new PingLoop(
      this.clock,
      options.pingIntervalMs ?? 60_000,
      () => this.sendPing(),
      () => {
        this.opts.logger?.warn('tgts/mtproto: no pong within the ping interval, reconnecting');
        this.conn?.close(new TransportError('timeout', 'no pong within the ping interval'));
      },
      () => this.housekeeping(),
    );
    this.ctx = this.makeContext();
    this.pfs = options.pfs ? new TempKeyKeeper(resolvePfsOptions(options.pfs), this.makePfsHost()) : undefined;
  }

  /** Current lifecycle state. */
  get state(): MtprotoSessionState {
    return this.current;
  }
  /** The auth key (undefined until created). */
  get authKey(): Uint8Array | undefined {
    return this.key;
  }
  /** auth_key_id of the temporary key messages use (PFS only; undefined until created). */
  get tempAuthKeyId(): bigint | undefined {
    return this.pfs?.authKeyId;
  }
  /** Current server salt. */
  get salt(): bigint {
    return this.salts.current;
  }
  /** Seconds added to the local clock to get server time. */
  get timeOffset(): number {
    return this.ids.timeOffset;
  }
  /** Random 64-bit id of the current session. */
  get sessionId(): bigint {
    return this.session;
  }
  /** Number of calls not yet settled. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Connects (creating the auth key if needed) and resolves when ready. */
  start(): Promise<void> {
    if (this.isClosed) return Promise.reject(new ClosedError('session is closed'));
    if (this.current === 'ready') return Promise.resolve();
    return this.ensureConnecting();
  }

  /**
   * Sends an RPC call and resolves with its decoded result. Settles exactly once: result,
   * `RpcError`, `TimeoutError`, `CancelledError`, `ClosedError`, or `ConnectionFailedError`.
   * The first call on each connection is wrapped in invokeWithLayer(initConnection(…)).
   */
  invoke<R extends AnyRequest>(request: R, options: MtprotoInvokeOptions = NO_OPTIONS): Promise<InvokeResult<R>> {
    let body: Uint8Array;
    try {
      if (this.isClosed) throw new ClosedError('session is closed');
      if (options.signal?.aborted) throw CancelledError.fromSignal(options.signal);
      // one Writer per session (finish() copies out exactly the bytes written)
      const w = this.writer;
      w.reset();
      writeRequest(w, request);
      body = maybeGzipPack(w.finish());
    } catch (err) {
      return Promise.reject(err);
    }
    // no closures per call: the shared decoder reads the method off the request record
    const method = resultMethodOf(request);
    const call = this.enqueue(newRequest(method, body, decodeApiResult, false, request), options);
    if (!this.pfs) return call as Promise<InvokeResult<R>>;
    return this.pfs.guard(call, () => this.enqueue(newRequest(method, body, decodeApiResult, false, request), options)) as Promise<InvokeResult<R>>;
  }

  /** Asks the server to destroy another session of this auth key (`destroy_session`). */
  destroySession(sessionId: bigint, options: MtprotoInvokeOptions = {}): Promise<'ok' | 'none'> {
    const decode = (b: Uint8Array): 'ok' | 'none' => {
      const s = parseServiceMessage(b);
      if (s?._ === 'destroy_session_ok') return 'ok';
      if (s?._ === 'destroy_session_none') return 'none';
      throw new MtprotoError('bad-message', 'destroy_session', 'unexpected answer');
    };
    return this.enqueue(newRequest(`destroy_session:${sessionId}`, encodeDestroySession(sessionId), decode, false), options) as Promise<'ok' | 'none'>;
  }

  /** Ends the session: rejects pending calls with `ClosedError`, closes the socket, stops every timer. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.pingLoop.stop();
    this.pfs?.stop();
    this.acks.clear();
    this.deadlines.clear();
    this.wakeUp();
    const err = new ClosedError('session closed');
    for (const req of this.pending.list()) this.pending.reject(req, err);
    this.outbox.pruneSettled();
    const conn = this.conn;
    this.conn = undefined;
    conn?.close();
    this.setState('closed');
    await this.connecting?.catch(() => undefined);
  }

  // ---- requests ----

  private enqueue(req: PendingRequest, options: MtprotoInvokeOptions): Promise<unknown> {
    if (this.isClosed) return Promise.reject(new ClosedError('session is closed'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(CancelledError.fromSignal(signal));
    const limit = this.opts.maxPendingRequests ?? 16_384;
    if (this.pending.size >= limit) {
      return Promise.reject(new MtprotoError('too-large', 'pending', `${limit} calls are already pending`));
    }
    const promise = new Promise<unknown>((resolve, reject) => {
      req.resolve = resolve;
      req.reject = reject;
    });
    const timeout = options.timeout ?? this.opts.requestTimeoutMs;
    if (timeout !== undefined && timeout > 0 && Number.isFinite(timeout)) {
      // all calls share one timer (deadlines.ts): no setTimeout/clearTimeout pair per call
      req.timeoutMs = timeout;
      this.deadlines.add(req, timeout);
    }
    if (signal) {
      const onAbort = (): void => this.abandon(req, CancelledError.fromSignal(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      req.cleanup = () => signal.removeEventListener('abort', onAbort);
    }
    this.pending.add(req);
    this.outbox.push({ request: req, contentRelated: true });
    if (!this.conn && !this.connecting) void this.ensureConnecting().catch(() => undefined);
    return promise;
  }

  /** Gives up on a call (timeout or cancellation); tells the server to drop the answer if it was sent. */
  private abandon(req: PendingRequest, err: Error): void {
    const wasSent = req.status !== 'queued';
    const msgId = req.msgId;
    if (!this.pending.reject(req, err)) return;
    if (wasSent) this.sendService(encodeRpcDropAnswer(msgId), true);
    else this.outbox.drop(req);
  }

  private wrapInit(request: AnyRequest): Uint8Array {
    const init = this.opts.initConnection;
    const w = new Writer(512);
    writeRequest(w, {
      _: 'invokeWithLayer',
      layer: LAYER,
      query: {
        _: 'initConnection',
        apiId: init.apiId,
        deviceModel: init.deviceModel,
        systemVersion: init.systemVersion,
        appVersion: init.appVersion,
        systemLangCode: init.systemLangCode,
        langPack: init.langPack,
        langCode: init.langCode,
        ...(init.params === undefined ? {} : { params: init.params as JSONValue }),
        query: request,
      },
    });
    return w.finish();
  }

  private requestBody(req: PendingRequest): { body: Uint8Array; wrapped: boolean } {
    if (req.request && (this.needInit || req.wrapped)) {
      this.needInit = false;
      return { body: maybeGzipPack(this.wrapInit(req.request)), wrapped: true };
    }
    return { body: req.body, wrapped: false };
  }

  private sendService(body: Uint8Array, contentRelated: boolean, onSent?: (msgId: bigint) => void): void {
    this.outbox.push({ body, contentRelated: contentRelated && isContentRelated(body), ...(onSent ? { onSent } : {}) });
  }

  private sendPing(): Promise<unknown> {
    const pingId = randomLong();
    const body = encodePingDelayDisconnect(pingId, this.pingLoop.disconnectDelaySeconds);
    return this.enqueue(newRequest('ping_delay_disconnect', body, (b) => parseServiceMessage(b), true), NO_OPTIONS);
  }

  private housekeeping(): void {
    if (this.salts.rotate(this.serverNow())) this.persist();
    if (!this.saltsRequested && this.salts.needsRefresh(this.serverNow())) {
      this.saltsRequested = true;
      const decode = (b: Uint8Array): unknown => {
        const s = parseServiceMessage(b);
        if (s?._ !== 'future_salts') throw new MtprotoError('bad-message', 'future_salts', 'unexpected answer');
        this.salts.addFuture(s.salts);
        if (this.salts.rotate(this.serverNow())) this.persist();
        return s;
      };
      this.enqueue(newRequest('get_future_salts', encodeGetFutureSalts(32), decode, true), NO_OPTIONS)
        .catch((err: unknown) => this.opts.logger?.debug('tgts/mtproto: get_future_salts failed', err))
        .finally(() => (this.saltsRequested = false));
    }
  }

  // ---- connection ----

  private setState(state: MtprotoSessionState): void {
    if (this.current === state || this.current === 'closed') return;
    this.current = state;
    try {
      this.opts.onStateChange?.(state);
    } catch (err) {
      this.opts.logger?.warn('tgts/mtproto: onStateChange threw', err);
    }
  }

  private persist(): void {
    if (!this.key) return;
    try {
      this.opts.onKey?.({ authKey: this.key, salt: this.salts.current, timeOffset: this.ids.timeOffset });
    } catch (err) {
      this.opts.logger?.warn('tgts/mtproto: onKey threw', err);
    }
  }

  private serverNow(): number {
    return this.clock.now() / 1000 + this.ids.timeOffset;
  }

  private ensureConnecting(): Promise<void> {
    if (!this.connecting) {
      this.connecting = this.connectWithRetry().finally(() => {
        this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  private async connectWithRetry(): Promise<void> {
    const policy = this.opts.reconnect ?? {};
    const maxAttempts = policy.maxAttempts ?? 8;
    let lastError: unknown;
    let attempts = 0;
    while (!this.isClosed) {
      if (this.failures > 0) await this.sleep(reconnectDelay(this.failures - 1, policy));
      if (this.isClosed) break;
      attempts++;
      try {
        await this.connectOnce();
        return;
      } catch (err) {
        lastError = err;
        this.failures++;
        this.opts.logger?.warn(`tgts/mtproto: connection attempt ${attempts} to DC ${this.opts.dcId} failed`, err);
        if (attempts >= maxAttempts) {
          const failure = new ConnectionFailedError(attempts, { cause: err });
          for (const req of this.pending.list()) this.pending.reject(req, failure);
          this.outbox.pruneSettled();
          this.setState('disconnected');
          throw failure;
        }
      }
    }
    throw new ClosedError('session closed', lastError === undefined ? undefined : { cause: lastError });
  }

  private async connectOnce(): Promise<void> {
    this.setState('connecting');
    const conn = await this.opts.connect();
    if (this.isClosed) {
      conn.close();
      throw new ClosedError('session closed');
    }
    let freshKey = false;
    if (!this.key) {
      try {
        const created = await createAuthKey(conn, {
          publicKeys: this.opts.publicKeys,
          dcId: this.opts.dcId,
          ...(this.opts.testMode !== undefined ? { testMode: this.opts.testMode } : {}),
          ...(this.opts.media !== undefined ? { media: this.opts.media } : {}),
        });
        if (this.isClosed) throw new ClosedError('session closed');
        this.key = created.authKey;
        this.salts.set(created.serverSalt);
        this.ids.timeOffset = created.timeOffset;
        freshKey = true;
      } catch (err) {
        conn.close(err instanceof Error ? err : undefined);
        throw err;
      }
      this.persist();
    }
    const freshTemp = this.pfs ? await this.pfs.prepare(conn, freshKey) : false;
    if (conn.closed) throw new TransportError('closed', 'connection closed while starting');
    if (freshKey || freshTemp) this.resetSession();
    this.conn = conn;
    this.needInit = true;
    conn.onPacket((packet) => this.onPacket(conn, packet));
    conn.onClose((err) => this.onConnectionClosed(conn, err));
    // HTTP: the server answers only requests, so a long poll stays out whenever nothing else is.
    conn.onIdle?.(() => this.sendService(encodeHttpWait(0, 0, HTTP_WAIT_MS), false));
    if (freshTemp) await this.bindTempKey(conn);
    this.setState('ready');
    this.requeueAfterReconnect(freshKey || freshTemp);
    this.pingLoop.start();
    this.outbox.flush();
  }

  /** New session id and seqno (fresh key, or seqno trouble). */
  private resetSession(): void {
    this.session = randomLong();
    this.seq = new SeqNoCounter();
    this.seenIds.clear();
    this.stateQueries.clear();
    this.acks.clear();
  }

  /**
   * After a reconnect: requests the server never acknowledged go again with new ids; acknowledged
   * ones stay in place and their state is asked with msgs_state_req (the answer may still come).
   * Internal pings are dropped.
   */
  private requeueAfterReconnect(everything: boolean): void {
    this.pending.clearContainers();
    const resend: PendingRequest[] = [];
    const ask: bigint[] = [];
    for (const req of this.pending.list()) {
      if (req.status === 'queued') continue;
      if (req.internal) {
        this.pending.reject(req, new ClosedError('connection lost'));
      } else if (req.status === 'sent' || everything) {
        resend.push(req);
      } else {
        ask.push(req.msgId);
      }
    }
    if (resend.length > 0) this.resend(resend);
    for (let i = 0; i < ask.length; i += 8192) {
      const chunk = ask.slice(i, i + 8192);
      this.sendService(encodeMsgsStateReq(chunk), true, (id) => this.rememberStateQuery(id, chunk));
    }
  }

  private rememberStateQuery(msgId: bigint, ids: bigint[]): void {
    this.stateQueries.set(msgId, ids);
    if (this.stateQueries.size > 64) this.stateQueries.delete(this.stateQueries.keys().next().value!);
  }

  private resend(requests: PendingRequest[], alone = false): void {
    for (let i = requests.length - 1; i >= 0; i--) {
      const req = requests[i]!;
      if (req.settled || req.status === 'queued') continue;
      req.status = 'queued';
      this.outbox.push({ request: req, contentRelated: true, ...(alone ? { alone } : {}) }, true);
    }
  }

  private onConnectionClosed(conn: PacketConnection, err: Error | undefined): void {
    if (conn !== this.conn) return;
    this.conn = undefined;
    this.pingLoop.stop();
    this.pfs?.connectionLost();
    if (this.isClosed) return;
    this.failures++;
    if (err instanceof TransportError && err.kind === 'server-code' && err.code === -404) {
      // the server does not know our auth key (with PFS: the temporary one): make a new one
      this.opts.logger?.warn('tgts/mtproto: server forgot the auth key (-404); creating a new one');
      if (this.pfs) this.pfs.forget();
      else this.key = undefined;
    }
    this.opts.logger?.debug('tgts/mtproto: connection closed', err);
    this.setState('disconnected');
    void this.ensureConnecting().catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.wakeTimer = this.clock.setTimeout(() => this.wakeUp(), ms);
    });
  }

  private wakeUp(): void {
    if (this.wakeTimer !== undefined) this.clock.clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private transmit(msgId: bigint, seqNo: number, body: Uint8Array): boolean {
    const conn = this.conn;
    const key = this.pfs ? this.pfs.authKey : this.key;
    if (!conn || conn.closed || !key) return false;
    const plaintext = encodeEncryptedPlaintext({ salt: this.salts.current, sessionId: this.session, msgId, seqNo, body });
    try {
      conn.send(encryptMessage(key, plaintext, 'client'));
      return true;
    } catch (err) {
      this.opts.logger?.debug('tgts/mtproto: send failed', err);
      return false;
    }
  }

  // ---- incoming ----

  private onPacket(conn: PacketConnection, packet: Uint8Array): void {
    const key = this.pfs ? this.pfs.authKey : this.key;
    if (conn !== this.conn || !key) return;
    let msg: IncomingMessage & { sessionId: bigint };
    try {
      msg = decodeEncryptedPlaintext(decryptMessage(key, packet, 'server'));
    } catch (err) {
      // an undecryptable packet: the stream is corrupted or forged; drop this connection
      this.opts.logger?.warn('tgts/mtproto: undecryptable packet, reconnecting', err);
      conn.close(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (msg.sessionId !== this.session) {
      this.opts.logger?.debug('tgts/mtproto: ignored a message of another session', msg.sessionId);
      return;
    }
    const verdict = checkIncomingMsgId(msg.msgId, { side: 'client', now: this.clock.now(), timeOffset: this.ids.timeOffset, seen: this.seenIds });
    if (verdict !== 'ok' && !this.acceptClockFix(msg, verdict)) {
      this.opts.logger?.debug(`tgts/mtproto: ignored message ${msg.msgId}: ${verdict}`);
      return;
    }
    this.failures = 0;
    try {
      dispatchIncoming(this.ctx, msg, (id) => this.checkInner(id));
    } catch (err) {
      this.opts.logger?.warn('tgts/mtproto: dropped a malformed message', err);
    }
  }

  /**
   * With a badly wrong local clock every server message falls outside the time window, including
   * the bad_msg_notification 16/17 that would fix it. Accept that one notification when it names
   * a message we have in flight (so it cannot be an old replay).
   */
  private acceptClockFix(msg: IncomingMessage, verdict: string): boolean {
    if ((verdict !== 'too-old' && verdict !== 'too-new') || constructorOf(msg.body) !== MT.badMsgNotification) return false;
    const parsed = parseServiceMessage(msg.body);
    if (parsed?._ !== 'bad_msg_notification' || (parsed.errorCode !== 16 && parsed.errorCode !== 17)) return false;
    if (this.pending.resolveIds([parsed.badMsgId]).length === 0) return false;
    this.seenIds.add(msg.msgId);
    return true;
  }

  private checkInner(msgId: bigint): boolean {
    const verdict = checkIncomingMsgId(msgId, { side: 'client', now: this.clock.now(), timeOffset: this.ids.timeOffset, seen: this.seenIds });
    if (verdict !== 'ok') this.opts.logger?.debug(`tgts/mtproto: ignored inner message ${msgId}: ${verdict}`);
    return verdict === 'ok';
  }

  /** PFS: binds the new temporary key as the first message on `conn`; on failure drops `conn`. */
  private async bindTempKey(conn: PacketConnection): Promise<void> {
    try {
      await this.pfs!.bind(this.key!);
    } catch (err) {
      if (this.conn === conn) {
        this.conn = undefined;
        conn.close();
      }
      throw err;
    }
    if (this.conn !== conn) throw new TransportError('closed', 'connection closed while binding the temporary key');
  }

  private makePfsHost(): PfsHost {
    return {
      clock: this.clock,
      logger: this.opts.logger,
      pending: this.pending,
      exchangeOptions: () => ({
        publicKeys: this.opts.publicKeys,
        dcId: this.opts.dcId,
        ...(this.opts.testMode !== undefined ? { testMode: this.opts.testMode } : {}),
        ...(this.opts.media !== undefined ? { media: this.opts.media } : {}),
      }),
      adoptKey: (created) => {
        this.salts.set(created.serverSalt);
        this.ids.timeOffset = created.timeOffset;
      },
      nextMsgId: () => this.ids.next(),
      nextSeqNo: () => this.seq.next(true),
      sessionId: () => this.session,
      transmit: (msgId, seqNo, body) => this.transmit(msgId, seqNo, body),
      inFlight: () => this.pending.list().filter((r) => !r.internal && r.status !== 'queued').length,
      connected: () => this.conn !== undefined && !this.conn.closed,
      restart: (drain) => {
        if (this.isClosed || this.connecting) return false;
        if (!this.conn) return true; // idle: the next connection makes a new key
        const run = async (): Promise<void> => {
          this.setState('connecting'); // the outbox holds new calls while in-flight ones finish
          await drain();
          const conn = this.conn;
          this.conn = undefined;
          this.pingLoop.stop();
          conn?.close();
          await this.connectWithRetry();
        };
        this.connecting = run().finally(() => {
          this.connecting = undefined;
        });
        this.connecting.catch(() => undefined);
        return true;
      },
      forgetPermKey: () => {
        this.key = undefined;
      },
    };
  }

  private makeContext(): HandlerContext {
    return {
      pending: this.pending,
      salts: this.salts,
      seen: this.seenIds,
      logger: this.opts.logger,
      resend: (requests, alone) => this.resend(requests, alone),
      sendService: (body, contentRelated, onSent) => this.sendService(body, contentRelated, onSent),
      ack: (msgId) => this.acks.add(msgId),
      syncTime: (serverMsgId) => {
        const offset = this.ids.syncWithServerMsgId(serverMsgId);
        this.opts.logger?.debug(`tgts/mtproto: time offset corrected to ${offset} s (server time ${msgIdToSeconds(serverMsgId)})`);
        return offset;
      },
      newSession: () => this.resetSession(),
      persist: () => this.persist(),
      emitUpdate: (body, budget) => {
        let updates: unknown;
        try {
          updates = decodeIncoming(body, budget);
        } catch (err) {
          this.opts.logger?.warn('tgts/mtproto: could not decode an incoming object', err);
          return;
        }
        try {
          this.opts.onUpdate?.(updates);
        } catch (err) {
          this.opts.logger?.warn('tgts/mtproto: onUpdate threw', err);
        }
      },
      stateQuery: (reqMsgId) => {
        const ids = this.stateQueries.get(reqMsgId);
        this.stateQueries.delete(reqMsgId);
        return ids;
      },
      serverNow: () => this.serverNow(),
    };
  }
}
