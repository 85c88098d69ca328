/**
 * The request engine of one session: accepts calls, numbers and packs them (outbox.ts), matches
 * answers (pending.ts, handlers/), acknowledges what the server sends (acks.ts), enforces
 * deadlines on one timer (deadlines.ts) and decides how calls in flight survive a reconnect
 * (delivery.ts, exactly once). It sees a connection only as a {@link Link} it may be given;
 * it never dials, never retries a failed call and knows nothing of flood waits or DCs.
 * @module
 */
import { CancelledError, ClosedError, TimeoutError } from '../../errors.js';
import { encodeMt } from '../../tl/codec.js';
import type { InflateBudget } from '../../tl/runtime/reader.js';
import type { MtprotoClock, MtprotoLogger } from '../clock.js';
import type { IncomingMessage, Link, MessageSink } from '../connection/link.js';
import type { SessionState } from '../connection/session-state.js';
import { MtprotoError } from '../errors.js';
import { AckBatcher } from './acks.js';
import { DeadlineQueue } from './deadlines.js';
import { Delivery } from './delivery.js';
import { dispatchIncoming } from './dispatch.js';
import { Outbox } from './outbox.js';
import type { FirstCallWrapper } from './outbox.js';
import type { EngineParts } from './parts.js';
import { PendingTable } from './pending.js';
import type { PendingRequest } from './pending.js';

/** How long a call may wait: a signal, an absolute deadline (engine clock ms), or both. */
export interface CallBounds {
  signal?: AbortSignal | undefined;
  deadline?: number | undefined;
}

/** Options of {@link RequestEngine}. */
export interface RequestEngineOptions {
  clock: MtprotoClock;
  logger?: MtprotoLogger | undefined;
  /** Most unsettled calls at once; beyond it a call rejects at once. */
  maxPendingRequests: number;
  /** Messages that are not service messages (Updates…), undecoded, with their packet's inflate budget. */
  onUnsolicited(body: Uint8Array, budget: InflateBudget): void;
}

export class RequestEngine implements MessageSink, EngineParts {
  readonly pending: PendingTable;
  readonly acks: AckBatcher;
  readonly outbox: Outbox;
  readonly delivery: Delivery;
  readonly logger: MtprotoLogger | undefined;
  private readonly deadlines: DeadlineQueue<PendingRequest>;
  private readonly clock: MtprotoClock;
  private link: Link | undefined;
  private closedWith: Error | undefined;

  constructor(
    readonly state: SessionState,
    private readonly options: RequestEngineOptions,
  ) {
    this.clock = options.clock;
    this.logger = options.logger;
    this.deadlines = new DeadlineQueue<PendingRequest>(this.clock, (req) =>
      this.abandon(req, new TimeoutError(`${req.method} timed out after ${req.timeoutMs ?? 0} ms`, req.timeoutMs)),
    );
    this.pending = new PendingTable(4096, (req) => this.deadlines.remove(req));
    // scheduled, not sent at once: the acks of one socket read (often hundreds of pushes) share one packet
    this.acks = new AckBatcher(this.clock, () => this.outbox.schedule());
    this.outbox = new Outbox(state, this.pending, this.acks);
    this.delivery = new Delivery(this.pending, this.outbox, state, this.logger);
  }

  /** Calls not yet settled (internal service requests excluded). */
  get callCount(): number {
    return this.pending.callCount;
  }

  /** Calls sent and not yet answered (internal service requests excluded). */
  get inFlight(): number {
    let n = 0;
    for (const req of this.pending.list()) if (!req.internal && req.status !== 'queued') n++;
    return n;
  }

  /**
   * Queues `req` and resolves with its decoded answer. Settles exactly once: the result,
   * `RpcError`, `TimeoutError` at `deadline`, `CancelledError` when `signal` fires, or the error
   * the session failed with. No timer or listener per call unless a signal is given.
   */
  submit(req: PendingRequest, bounds: CallBounds): Promise<unknown> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const { signal, deadline } = bounds;
    if (signal?.aborted) return Promise.reject(CancelledError.fromSignal(signal));
    const now = this.clock.now();
    if (deadline !== undefined && deadline <= now) {
      return Promise.reject(new TimeoutError(`${req.method} timed out before it was sent`, 0));
    }
    if (!req.internal && this.pending.callCount >= this.options.maxPendingRequests) {
      return Promise.reject(new MtprotoError('too-large', 'pending', `${this.options.maxPendingRequests} calls are already pending`));
    }
    const promise = new Promise<unknown>((resolve, reject) => {
      req.resolve = resolve;
      req.reject = reject;
    });
    if (deadline !== undefined && Number.isFinite(deadline)) {
      // all calls share one timer (deadlines.ts): no setTimeout/clearTimeout pair per call
      req.timeoutMs = Math.round(deadline - now);
      this.deadlines.addAt(req, deadline);
    }
    if (signal) {
      const onAbort = (): void => this.abandon(req, CancelledError.fromSignal(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      req.cleanup = () => signal.removeEventListener('abort', onAbort);
    }
    this.pending.add(req);
    this.outbox.push({ request: req, contentRelated: true });
    return promise;
  }

  /** Queues an internal request whose `resolve`/`reject` the caller has set (no promise). */
  submitInternal(req: PendingRequest): void {
    if (this.closedWith) {
      req.reject(this.closedWith);
      return;
    }
    this.pending.add(req);
    this.outbox.push({ request: req, contentRelated: true });
  }

  /** Gives up on a call (deadline or cancellation); tells the server to drop the answer if it was sent. */
  abandon(req: PendingRequest, err: Error): void {
    const wasSent = req.status !== 'queued';
    const msgId = req.msgId;
    if (!this.pending.reject(req, err)) return;
    if (wasSent) this.outbox.push({ body: encodeMt({ _: 'rpc_drop_answer', reqMsgId: msgId }), contentRelated: true });
    else this.outbox.drop(req);
  }

  // ---- the connection ----

  /** Messages arrive on `link` from now on; only urgent requests leave until {@link open}. */
  attach(link: Link): void {
    this.link = link;
    this.outbox.attach(link);
  }

  /** The current connection ended: its internal requests (pings, state queries) go with it. */
  detach(link: Link): void {
    if (this.link !== link) return;
    this.link = undefined;
    this.outbox.detach();
    this.outbox.dropServiceMessages();
    const lost = new ClosedError('connection lost');
    for (const req of this.pending.list()) if (req.internal) this.pending.reject(req, lost);
  }

  /**
   * A new session starts (a new key, or the server needs one): nothing sent in the old one can be
   * answered in it. Call before anything of the new session can arrive.
   */
  newSession(reason: string): void {
    this.state.newSession();
    this.acks.clear();
    this.delivery.restart(reason);
  }

  /**
   * The connection is ready for everything: on the same session, recover what was in flight
   * (delivery.ts); then let it all leave, the first new call serialised by `wrapFirstCall`.
   */
  open(resume: boolean, wrapFirstCall: FirstCallWrapper | undefined): void {
    if (resume) this.delivery.resume();
    this.outbox.open(wrapFirstCall);
  }

  /** Holds new messages back while in-flight calls finish (the temporary key is being replaced). */
  hold(): void {
    this.outbox.hold();
  }

  /** Rejects every call with `err` (a fatal setup failure, or connecting gave up). */
  failAll(err: Error): void {
    for (const req of this.pending.list()) this.pending.reject(req, err);
    this.outbox.dropServiceMessages();
  }

  /** Ends the engine: every call rejects with `err`, every timer stops. */
  close(err: Error): void {
    if (this.closedWith) return;
    this.closedWith = err;
    this.acks.clear();
    this.deadlines.clear();
    this.failAll(err);
    this.link = undefined;
    this.outbox.detach();
  }

  // ---- MessageSink ----

  receive(msg: IncomingMessage, budget: InflateBudget): void {
    try {
      dispatchIncoming(this, msg, budget);
    } catch (err) {
      this.logger?.warn('tgts/mtproto: dropped a malformed message', err);
    }
  }

  isPending(msgId: bigint): boolean {
    return this.pending.resolveIds([msgId]).length > 0;
  }

  unsolicited(body: Uint8Array, budget: InflateBudget): void {
    this.options.onUnsolicited(body, budget);
  }
}
