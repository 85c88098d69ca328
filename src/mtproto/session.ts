/**
 * `MtprotoSession`: the client side of one DC, the one class the client sees
 * (docs/design/contracts.md §4). A facade over three parts that never call back into it:
 * - `connection/` — the session state (key, session id, seqno, salts, clock offset) and the
 *   {@link Link} of one transport connection (envelope, encryption, msg_id checks);
 * - `engine/` — the request engine (pending calls, outbox and containers, acks, deadlines, and
 *   exactly-once delivery across reconnects);
 * - `setup/` — the connector (dial, auth key, PFS binding, initConnection, reconnects).
 * https://core.telegram.org/mtproto/description
 * @module
 */
import { CancelledError, ClosedError, RpcError } from '../errors.js';
import { encodeMt, readResult, resultMethodOf, writeRequest } from '../tl/codec.js';
import { read$Any as readMtAny } from '../tl/generated/mt/read.js';
import type { AnyRequest } from '../tl/index.js';
import { Reader } from '../tl/runtime/reader.js';
import type { InflateBudget } from '../tl/runtime/reader.js';
import { Writer } from '../tl/runtime/writer.js';
import { systemClock } from './clock.js';
import type { MtprotoClock } from './clock.js';
import { SessionState } from './connection/session-state.js';
import { RequestEngine } from './engine/engine.js';
import type { CallBounds } from './engine/engine.js';
import { newRequest } from './engine/pending.js';
import type { PendingRequest } from './engine/pending.js';
import { MtprotoError } from './errors.js';
import { maybeGzipPack } from './gzip.js';

import type { InvokeResult, MtprotoInvokeOptions, MtprotoSessionOptions } from './options.js';
import { earlier } from './setup/bounds.js';
import { Connector } from './setup/connector.js';
import type { MtprotoSessionState } from './setup/connector.js';
import { initConnectionWrapper } from './setup/init-connection.js';
import { TempKeyKeeper, resolvePfsOptions } from './setup/pfs/index.js';
import { decodeUnsolicited } from './updates.js';

/** Requests sent as they are, never through gzip_packed (file contents; tdlib and mtcute do the same). */
const UNCOMPRESSED_METHODS = new Set(['upload.saveFilePart', 'upload.saveBigFilePart']);

const NO_OPTIONS: MtprotoInvokeOptions = Object.freeze({});
const DEFAULT_HANDSHAKE_TIMEOUT_MS = 15_000;

/**
 * `bytes` of a result from this length on are views of the received packet, not copies (file
 * chunks): the packet was decrypted in place into a buffer of its own that nothing writes again.
 */
export const RESULT_BYTES_VIEWS_FROM = 64 * 1024;

/** Decodes an API call's result (shared by every call: the method comes from the request record). */
function decodeApiResult(result: Uint8Array, req: PendingRequest, budget?: InflateBudget): unknown {
  const r = new Reader(result);
  r.budget = budget;
  r.viewsFrom = RESULT_BYTES_VIEWS_FROM;
  return readResult(req.method, r);
}

function isPermEmpty(err: unknown): boolean {
  return err instanceof RpcError && err.code === 401 && err.message === 'AUTH_KEY_PERM_EMPTY';
}

/** Client side of one MTProto session. See the module comment for its parts. */
export class MtprotoSession {
  private readonly opts: MtprotoSessionOptions;
  private readonly clock: MtprotoClock;
  private readonly session: SessionState;
  private readonly engine: RequestEngine;
  private readonly connector: Connector;
  private readonly keeper: TempKeyKeeper | undefined;
  private readonly writer = new Writer(256);
  private isClosed = false;

  constructor(options: MtprotoSessionOptions) {
    this.opts = options;
    const clock = (this.clock = options.clock ?? systemClock);
    const logger = options.logger;
    this.session = new SessionState({ clock, salt: options.salt, timeOffset: options.timeOffset });
    this.session.key = options.authKey;
    this.session.onChange = () => this.persist();
    this.engine = new RequestEngine(this.session, {
      clock,
      logger,
      maxPendingRequests: options.maxPendingRequests ?? 16_384,
      onUnsolicited: (body, budget) => this.emitUpdate(body, budget),
    });
    this.keeper = options.pfs ? new TempKeyKeeper(resolvePfsOptions(options.pfs), clock) : undefined;
    this.connector = new Connector(
      {
        dcId: options.dcId,
        testMode: options.testMode,
        media: options.media,
        dial: options.dial,
        publicKeys: options.publicKeys,
        authKey: options.authKey,
        clock,
        logger,
        reconnect: options.reconnect ?? {},
        handshakeTimeoutMs: options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
        pingIntervalMs: options.pingIntervalMs ?? 60_000,
        wrapFirstCall: initConnectionWrapper(options.initConnection),
        keeper: this.keeper,
        onStateChange: (s) => options.onStateChange?.(s),
        onKey: () => this.persist(),
      },
      this.session,
      this.engine,
    );
  }

  /** Current lifecycle state. */
  get state(): MtprotoSessionState {
    return this.connector.status;
  }
  /** The permanent auth key (undefined until created). */
  get authKey(): Uint8Array | undefined {
    return this.connector.authKey;
  }
  /** auth_key_id of the temporary key messages use (PFS only; undefined until created). */
  get tempAuthKeyId(): bigint | undefined {
    return this.keeper?.authKeyId;
  }
  /** Current server salt. */
  get salt(): bigint {
    return this.session.salts.current;
  }
  /** Seconds added to the local clock to get server time. */
  get timeOffset(): number {
    return this.session.timeOffset;
  }
  /** Random 64-bit id of the current session. */
  get sessionId(): bigint {
    return this.session.sessionId;
  }
  /** Number of calls not yet settled. */
  get pendingCount(): number {
    return this.engine.callCount;
  }

  /**
   * Connects (creating the auth key if needed) and resolves when ready. Bounded by `signal` and
   * `deadline` (TimeoutError / CancelledError); a fatal failure (`SecurityError`, the server
   * refusing the key exchange) rejects at once and is not retried.
   */
  start(options: MtprotoInvokeOptions = NO_OPTIONS): Promise<void> {
    if (this.isClosed) return Promise.reject(new ClosedError('session is closed'));
    return this.connector.start(this.bounds(options, false));
  }

  /**
   * Sends an RPC call and resolves with its decoded result. Settles exactly once: result,
   * `RpcError`, `TimeoutError` (at the deadline, connecting included), `CancelledError`,
   * `OutcomeUnknownError` (it may have run and cannot be asked about), `ClosedError`, or the
   * error connecting failed with. The first call on each connection is wrapped in
   * invokeWithLayer(initConnection(…)).
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
      // file parts are incompressible as a rule: deflating 512 KiB for nothing cost most of an upload's CPU
      body = UNCOMPRESSED_METHODS.has(request._) ? w.finish() : maybeGzipPack(w.finish());
    } catch (err) {
      return Promise.reject(err);
    }
    const bounds = this.bounds(options, true);
    // no closures per call: the shared decoder reads the method (the inner one of a generic
    // wrapper, whose result it has) off the request record
    const method = resultMethodOf(request);
    const call = this.submit(newRequest({ method, body, decode: decodeApiResult, request }), bounds);
    if (!this.keeper) return call as Promise<InvokeResult<R>>;
    // the temporary key is not bound (the server says so): renew it and send the call once more
    return call.catch((err: unknown) => {
      if (!isPermEmpty(err) || this.isClosed) throw err;
      this.opts.logger?.warn('tgts/mtproto: AUTH_KEY_PERM_EMPTY: the temporary key is not bound; renewing it');
      this.connector.renewTempKey(false);
      return this.submit(newRequest({ method, body, decode: decodeApiResult, request }), bounds);
    }) as Promise<InvokeResult<R>>;
  }

  /** Asks the server to destroy another session of this auth key (`destroy_session`). */
  destroySession(sessionId: bigint, options: MtprotoInvokeOptions = NO_OPTIONS): Promise<'ok' | 'none'> {
    const decode = (b: Uint8Array): 'ok' | 'none' => {
      const s = readMtAny(new Reader(b));
      if (s?._ === 'destroy_session_ok') return 'ok';
      if (s?._ === 'destroy_session_none') return 'none';
      throw new MtprotoError('bad-message', 'destroy_session', 'unexpected answer');
    };
    const body = encodeMt({ _: 'destroy_session', sessionId });
    return this.submit(newRequest({ method: `destroy_session:${sessionId}`, body, decode }), this.bounds(options, true)) as Promise<'ok' | 'none'>;
  }

  /** Ends the session: rejects pending calls with `ClosedError`, closes the socket, stops every timer. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.engine.close(new ClosedError('session closed'));
    await this.connector.close();
  }

  private submit(req: PendingRequest, bounds: CallBounds): Promise<unknown> {
    const call = this.engine.submit(req, bounds);
    if (!this.connector.ready) this.connector.ensure().catch(() => undefined);
    return call;
  }

  /** Turns `timeout` (and, for calls, the default time budget) into a deadline. */
  private bounds(options: MtprotoInvokeOptions, call: boolean): CallBounds {
    const timeout = options.timeout ?? (call ? this.opts.requestTimeoutMs : undefined);
    let { deadline } = options;
    if (timeout !== undefined && timeout > 0 && Number.isFinite(timeout)) deadline = earlier(deadline, this.clock.now() + timeout);
    if (deadline === undefined && options.signal === undefined) return NO_OPTIONS;
    return { signal: options.signal, deadline };
  }

  private persist(): void {
    const authKey = this.connector.authKey;
    if (!authKey) return;
    try {
      this.opts.onKey?.({ authKey, salt: this.session.salts.current, timeOffset: this.session.timeOffset });
    } catch (err) {
      this.opts.logger?.warn('tgts/mtproto: onKey threw', err);
    }
  }

  private emitUpdate(body: Uint8Array, budget: InflateBudget): void {
    if (!this.opts.onUpdate) return;
    const updates = decodeUnsolicited(body, budget, this.opts.logger);
    if (updates === undefined) return;
    try {
      this.opts.onUpdate(updates);
    } catch (err) {
      this.opts.logger?.warn('tgts/mtproto: onUpdate threw', err);
    }
  }
}
