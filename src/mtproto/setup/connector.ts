/**
 * Connection setup, the layer above the connection and the request engine: dial → auth key
 * (created when there is none) → with PFS a temporary key and its binding → the engine opens
 * (recovering what was in flight) with the first call wrapped in initConnection; and the
 * reconnect loop with backoff. Every attempt is bounded (one handshake timer; the caller's
 * signal and deadline bound what it waits for); a failure nobody can fix by retrying (a failed
 * security check, the server refusing the key exchange) is fatal: no retry, every pending call
 * rejects with it at once.
 * @module
 */
import type { RsaPublicKey } from '../../crypto/index.js';
import { SecurityError } from '../../crypto/index.js';
import { BadArgumentError, CancelledError, ClosedError } from '../../errors.js';
import { KeyExchangeError, createAuthKey } from '../../exchange/index.js';
import { TransportError } from '../../transport/index.js';
import type { PacketConnection } from '../../transport/index.js';
import { reconnectDelay } from '../backoff.js';
import type { ReconnectPolicy } from '../backoff.js';
import type { MtprotoClock, MtprotoLogger } from '../clock.js';
import { Link } from '../connection/link.js';
import type { SessionState } from '../connection/session-state.js';
import type { CallBounds, RequestEngine } from '../engine/engine.js';
import type { FirstCallWrapper } from '../engine/outbox.js';
import { ConnectionFailedError } from '../errors.js';
import { abortError, childAbort, sleep, within } from './bounds.js';
import { Keepalive } from './keepalive.js';
import type { TempKeyKeeper } from './pfs/index.js';

/** Lifecycle of a session. */
export type MtprotoSessionState = 'connecting' | 'ready' | 'disconnected' | 'closed';

/** What the connector needs to know (the session's options, resolved). */
export interface ConnectorOptions {
  dcId: number;
  testMode?: boolean | undefined;
  media?: boolean | undefined;
  /** Opens one transport connection; aborting `signal` abandons the attempt. */
  dial: (signal: AbortSignal) => Promise<PacketConnection>;
  publicKeys: RsaPublicKey[];
  authKey?: Uint8Array | undefined;
  clock: MtprotoClock;
  logger?: MtprotoLogger | undefined;
  reconnect: ReconnectPolicy;
  /** Limit of one attempt: dial, key exchange and binding (ms). */
  handshakeTimeoutMs: number;
  pingIntervalMs: number;
  wrapFirstCall: FirstCallWrapper;
  keeper?: TempKeyKeeper | undefined;
  onStateChange(state: MtprotoSessionState): void;
  /** The permanent key changed (persist it). */
  onKey(): void;
}

/** Longest wait for in-flight calls before switching temporary keys, ms. */
const MAX_DRAIN_MS = 5_000;
/** How often the drain looks at the in-flight count, ms. */
const DRAIN_POLL_MS = 20;
/** Retry of a renewal that found a connection attempt under way, ms. */
const RENEW_RETRY_MS = 1_000;

/** Failures a retry cannot fix: they end connecting at once. */
export function isFatal(err: unknown): boolean {
  if (err instanceof SecurityError || err instanceof KeyExchangeError || err instanceof BadArgumentError) return true;
  // -444: the DC id is invalid for this server
  return err instanceof TransportError && err.kind === 'server-code' && err.code === -444;
}

function noop(): void {}

export class Connector {
  private permKey: Uint8Array | undefined;
  /** The open link (after the engine opened on it). */
  private link: Link | undefined;
  private run: Promise<void> | undefined;
  private runAbort: AbortController | undefined;
  private failures = 0;
  private closed = false;
  private everReady = false;
  private waiters = 0;
  private current: MtprotoSessionState = 'disconnected';
  /** Why the next session is a new one although the key looks the same (the server forgot it). */
  private keyLost: string | undefined;

  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly keepalive: Keepalive;

  constructor(
    private readonly opts: ConnectorOptions,
    private readonly state: SessionState,
    private readonly engine: RequestEngine,
  ) {
    this.permKey = opts.authKey;
    this.keepalive = new Keepalive(opts.clock, engine, state, opts.pingIntervalMs, opts.logger);
  }

  /** The permanent auth key (undefined until created). */
  get authKey(): Uint8Array | undefined {
    return this.permKey;
  }

  get status(): MtprotoSessionState {
    return this.current;
  }

  /** Whether a connection is open for everything. */
  get ready(): boolean {
    return this.current === 'ready' && this.link !== undefined;
  }

  /**
   * Resolves once connected; bounded by `bounds` (TimeoutError / CancelledError). When the last
   * bounded waiter gives up before the session ever connected and no call waits, the attempt
   * is abandoned.
   */
  start(bounds: CallBounds): Promise<void> {
    if (this.closed) return Promise.reject(new ClosedError('session is closed'));
    if (this.ready) return Promise.resolve();
    const run = this.ensure();
    if (!bounds.signal && bounds.deadline === undefined) return run;
    this.waiters++;
    return within(run, bounds, this.opts.clock, 'connecting').finally(() => {
      this.waiters--;
      if (this.waiters === 0 && !this.everReady && !this.ready && this.engine.callCount === 0) {
        this.runAbort?.abort(new CancelledError('nobody waits for the connection any more'));
      }
    });
  }

  /** Makes sure a connection is being made (calls queue in the engine meanwhile). */
  ensure(): Promise<void> {
    if (this.closed) return Promise.reject(new ClosedError('session is closed'));
    if (this.ready) return Promise.resolve();
    if (!this.run) this.begin((signal) => this.loop(signal));
    return this.run!;
  }

  /** Ends everything: the attempt under way, the link, the timers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearRenewal();
    this.keepalive.stop();
    this.runAbort?.abort(new ClosedError('session closed'));
    const link = this.link;
    this.link = undefined;
    if (link) {
      this.engine.detach(link);
      link.close();
    }
    this.setState('closed');
    await this.run?.catch(noop);
  }

  /**
   * PFS: replaces the temporary key. New calls wait; with `drain`, calls in flight get a
   * bounded time to finish on the old key; then the link is dropped and a new one made.
   */
  renewTempKey(drain: boolean): void {
    const keeper = this.opts.keeper;
    if (!keeper || this.closed) return;
    keeper.markDue();
    this.clearRenewal();
    if (this.run) {
      // an attempt under way may have kept the old key: look again shortly
      this.renewTimer = this.opts.clock.setTimeout(() => this.renewTempKey(drain), RENEW_RETRY_MS);
      return;
    }
    const link = this.link;
    if (!link) return; // idle: the next connection makes a new key
    this.begin(async (signal) => {
      this.setState('connecting');
      this.engine.hold();
      if (drain) await this.drain(signal);
      this.dropLink(link);
      await this.loop(signal);
    });
  }

  private begin(body: (signal: AbortSignal) => Promise<void>): void {
    const ctrl = new AbortController();
    this.runAbort = ctrl;
    const run = body(ctrl.signal).finally(() => {
      if (this.run === run) {
        this.run = undefined;
        this.runAbort = undefined;
      }
    });
    this.run = run;
    run.catch(noop); // callers that wait see the error; nobody else must
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const policy = this.opts.reconnect;
    const maxAttempts = policy.maxAttempts ?? 8;
    for (let attempts = 1; ; attempts++) {
      try {
        if (this.failures > 0) await sleep(reconnectDelay(this.failures - 1, policy), signal, this.opts.clock);
        await this.attempt(signal);
        return;
      } catch (err) {
        if (this.closed) throw new ClosedError('session closed', { cause: err });
        if (signal.aborted) {
          this.setState('disconnected');
          throw abortError(signal);
        }
        if (isFatal(err)) {
          this.opts.logger?.warn(`tgts/mtproto: connecting to DC ${this.opts.dcId} failed for good`, err);
          this.engine.failAll(err as Error);
          this.setState('disconnected');
          throw err;
        }
        this.failures++;
        this.opts.logger?.warn(`tgts/mtproto: connection attempt ${attempts} to DC ${this.opts.dcId} failed`, err);
        if (attempts >= maxAttempts) {
          const failure = new ConnectionFailedError(attempts, { cause: err });
          this.engine.failAll(failure);
          this.setState('disconnected');
          throw failure;
        }
      }
    }
  }

  /** One attempt, bounded by the handshake timeout and `runSignal`. */
  private async attempt(runSignal: AbortSignal): Promise<void> {
    const { clock } = this.opts;
    this.setState('connecting');
    const bound = childAbort(runSignal, clock, this.opts.handshakeTimeoutMs, 'connecting');
    const { signal } = bound;
    let conn: PacketConnection | undefined;
    let link: Link | undefined;
    try {
      conn = await this.opts.dial(signal);
      if (signal.aborted) throw abortError(signal);
      const exchange = {
        publicKeys: this.opts.publicKeys,
        dcId: this.opts.dcId,
        ...(this.opts.testMode !== undefined ? { testMode: this.opts.testMode } : {}),
        ...(this.opts.media !== undefined ? { media: this.opts.media } : {}),
        signal,
        now: () => clock.now(),
        timeoutMs: 0, // the attempt's signal bounds it
      };
      let fresh: string | undefined = this.keyLost;
      if (!this.permKey) {
        const created = await createAuthKey(conn, exchange);
        this.permKey = created.authKey;
        this.state.setSalt(created.serverSalt);
        this.state.setTimeOffset(created.timeOffset);
        fresh ??= 'a new auth key';
        this.opts.onKey();
      }
      const keeper = this.opts.keeper;
      const bind = keeper !== undefined && (fresh !== undefined || keeper.needsNewKey());
      if (bind) {
        const created = await keeper.create(conn, exchange);
        this.state.setSalt(created.serverSalt);
        this.state.setTimeOffset(created.timeOffset);
        fresh ??= 'a new temporary key';
      }
      this.state.key = keeper ? keeper.authKey : this.permKey;
      if (fresh !== undefined) this.engine.newSession(fresh);
      if (conn.closed) throw new TransportError('closed', 'connection closed while starting');
      link = new Link(conn, this.state, this.engine, this.opts.logger);
      const opened = link;
      conn.onClose((err) => this.onLinkClosed(opened, err));
      this.engine.attach(link);
      if (bind) await this.bind(signal);
      if (link.closed) throw new TransportError('closed', 'connection closed while starting');
      this.link = link;
      this.engine.open(fresh === undefined, this.opts.wrapFirstCall);
      this.keyLost = undefined;
      this.keepalive.start(link);
      this.everReady = true;
      this.setState('ready');
      this.scheduleRenewal();
    } catch (err) {
      if (link) this.engine.detach(link);
      conn?.close(err instanceof Error ? err : undefined);
      // when this attempt's bound fired, its error (TimeoutError, ClosedError) is the cause
      throw !isFatal(err) && signal.aborted ? abortError(signal) : err;
    } finally {
      bound.release();
    }
  }

  /** Binds the new temporary key as the first message on it. */
  private async bind(signal: AbortSignal): Promise<void> {
    const keeper = this.opts.keeper!;
    try {
      await this.engine.submit(keeper.bindRequest(this.permKey!, this.state), { signal });
      keeper.markBound();
    } catch (err) {
      if (keeper.bindFailed(err)) {
        this.opts.logger?.warn('tgts/mtproto: the server does not accept the permanent key for binding; creating a new one');
        this.permKey = undefined;
      }
      throw err;
    }
  }

  private onLinkClosed(link: Link, err: Error | undefined): void {
    if (link !== this.link) {
      this.engine.detach(link); // an attempt's link: the attempt handles its failure
      return;
    }
    this.link = undefined;
    this.keepalive.stop();
    this.engine.detach(link);
    if (this.closed) return;
    // a connection that carried messages worked: back off from the start again
    this.failures = link.received > 0 ? 1 : this.failures + 1;
    if (err instanceof TransportError && err.kind === 'server-code' && err.code === -404) {
      // the server does not know our auth key (with PFS: the temporary one): make a new one
      this.opts.logger?.warn('tgts/mtproto: server forgot the auth key (-404); creating a new one');
      if (this.opts.keeper) {
        this.opts.keeper.forget();
        this.keyLost = 'the temporary auth key was replaced';
      } else {
        this.permKey = undefined;
        this.keyLost = 'the auth key was replaced';
      }

    }
    this.opts.logger?.debug('tgts/mtproto: connection closed', err);
    this.setState('disconnected');
    this.ensure().catch(noop); // stay connected: updates arrive on this connection
  }

  /** Drops the open link on purpose (not a failure). */
  private dropLink(link: Link): void {
    if (this.link !== link) return;
    this.link = undefined;
    this.keepalive.stop();
    this.engine.detach(link);
    link.close();
  }

  /** Waits (bounded, never past the key's expiry) for calls in flight to be answered on the old key. */
  private async drain(signal: AbortSignal): Promise<void> {
    const { clock } = this.opts;
    const expires = this.opts.keeper?.expiresAtMs;
    const left = expires !== undefined ? expires - clock.now() - 2 * DRAIN_POLL_MS : 0;
    const until = clock.now() + Math.min(MAX_DRAIN_MS, Math.max(0, left));
    while (this.link && this.engine.inFlight > 0 && clock.now() < until) await sleep(DRAIN_POLL_MS, signal, clock);
  }

  private scheduleRenewal(): void {
    this.clearRenewal();
    const at = this.opts.keeper?.renewAtMs;
    if (at === undefined) return;
    this.renewTimer = this.opts.clock.setTimeout(() => {
      this.renewTimer = undefined;
      this.opts.logger?.debug('tgts/mtproto: renewing the temporary key: it is nearing expiry');
      this.renewTempKey(true);
    }, Math.max(0, at - this.opts.clock.now()));
  }

  private clearRenewal(): void {
    if (this.renewTimer !== undefined) this.opts.clock.clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
  }

  private setState(state: MtprotoSessionState): void {
    if (this.current === state || this.current === 'closed') return;
    this.current = state;
    try {
      this.opts.onStateChange(state);
    } catch (err) {
      this.opts.logger?.warn('tgts/mtproto: onStateChange threw', err);
    }
  }
}
