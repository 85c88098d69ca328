/**
 * Perfect Forward Secrecy for one session (https://core.telegram.org/api/pfs): keeps a temporary
 * auth key (never persisted), binds it to the permanent key with `auth.bindTempAuthKey` as the
 * first message on it, and replaces it before it expires.
 * @module
 */
import { ClosedError, RpcError, TimeoutError } from '../../errors.js';
import { createAuthKey } from '../../exchange/index.js';
import { readResult } from '../../tl/codec.js';
import { Reader } from '../../tl/runtime/reader.js';
import { TransportError } from '../../transport/index.js';
import type { PacketConnection } from '../../transport/index.js';
import { MtprotoError } from '../errors.js';
import type { PendingRequest, PendingStatus } from '../pending.js';
import { encodeBindRequest } from './bind-request.js';
import type { PfsHost } from './host.js';
import { RENEW_AT_FRACTION } from './options.js';
import type { ResolvedPfsOptions } from './options.js';

/** Attempts of one bind when the server asks to resend it (clock or seqno fixes). */
const MAX_BIND_ATTEMPTS = 3;
/** Limit of one bind attempt, ms. */
const BIND_TIMEOUT_MS = 15_000;
/** Longest wait for in-flight calls before switching keys, ms. */
const MAX_DRAIN_MS = 5_000;
/** How often the drain looks at the in-flight count, ms. */
const DRAIN_POLL_MS = 20;
/** Retry of a renewal that found a connection attempt under way, ms. */
const RENEW_RETRY_MS = 1_000;
/** Seconds kept between the planned end of a temporary key and the server's expiry time. */
const EXPIRY_MARGIN_S = 1;
/** ENCRYPTED_MESSAGE_INVALID answers in a row after which the permanent key is taken as unknown. */
const INVALID_BINDS_BEFORE_NEW_PERM_KEY = 2;

/** Marks a bind request that a service handler queued again (it must be rebuilt, not resent). */
const REQUEUED = new Error('bind request requeued');

interface TempKey {
  readonly authKey: Uint8Array;
  readonly authKeyId: bigint;
  /** Server unix time at which the server forgets the key. */
  readonly expiresAt: number;
  /** Local time (ms) from which the key is replaced. */
  renewAtMs: number;
  /** Local time (ms) at which the key expires. */
  readonly expiresAtMs: number;
  bound: boolean;
}

function isPermEmpty(err: unknown): boolean {
  return err instanceof RpcError && err.code === 401 && err.message === 'AUTH_KEY_PERM_EMPTY';
}

/** Owns the temporary key of one {@link MtprotoSession}. */
export class TempKeyKeeper {
  private temp: TempKey | undefined;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  private binding: ((err: Error) => void) | undefined;
  private drainWake: (() => void) | undefined;
  private invalidBinds = 0;
  private stopped = false;

  constructor(
    private readonly options: ResolvedPfsOptions,
    private readonly host: PfsHost,
  ) {}

  /** The temporary key messages are encrypted with (undefined until created). */
  get authKey(): Uint8Array | undefined {
    return this.temp?.authKey;
  }

  /** auth_key_id of the temporary key. */
  get authKeyId(): bigint | undefined {
    return this.temp?.authKeyId;
  }

  /** Server unix time at which the temporary key expires. */
  get expiresAt(): number | undefined {
    return this.temp?.expiresAt;
  }

  /** Whether the temporary key is bound to the permanent key. */
  get bound(): boolean {
    return this.temp?.bound ?? false;
  }

  /**
   * Called on a new connection before anything else is sent on it: creates a temporary key over
   * it when there is none, it is due for renewal, or the permanent key is new. Returns true when
   * a key was created (the caller starts a new session, then calls {@link bind}). On failure the
   * connection is closed and the error rethrown.
   */
  async prepare(conn: PacketConnection, permKeyIsNew: boolean): Promise<boolean> {
    if (!permKeyIsNew && !this.needsNewKey()) return false;
    this.forget();
    try {
      const created = await createAuthKey(conn, { ...this.host.exchangeOptions(), tempExpiresIn: this.options.expiresIn });
      if (this.stopped) throw new ClosedError('session closed');
      const now = this.host.clock.now();
      const serverNow = now / 1000 + created.timeOffset;
      const expiresAt = created.expiresAt ?? Math.floor(serverNow) + this.options.expiresIn;
      // the server counts whole seconds: keep a margin before its expiry, but never plan less
      // than half the asked lifetime (a tiny lifetime would otherwise renew in a loop)
      const { expiresIn } = this.options;
      const margin = Math.min(EXPIRY_MARGIN_S, expiresIn / 4);
      const lifeMs = Math.max(expiresIn * 500, Math.min(expiresIn, expiresAt - serverNow - margin) * 1000);
      this.temp = {
        authKey: created.authKey,
        authKeyId: created.authKeyId,
        expiresAt,
        renewAtMs: now + lifeMs * RENEW_AT_FRACTION,
        expiresAtMs: now + lifeMs,
        bound: false,
      };
      this.host.adoptKey(created);
      return true;
    } catch (err) {
      conn.close(err instanceof Error ? err : undefined);
      throw err;
    }
  }

  /**
   * Binds the new temporary key to `permAuthKey`; must be the first message on the key (the
   * connection is installed, the outbox still held back). Any failure forgets the temporary key.
   */
  async bind(permAuthKey: Uint8Array): Promise<void> {
    const temp = this.temp;
    if (!temp) throw new ClosedError('no temporary key to bind');
    try {
      for (let attempt = 1; ; attempt++) {
        if ((await this.bindOnce(permAuthKey, temp)) === 'bound') break;
        if (attempt >= MAX_BIND_ATTEMPTS) {
          throw new MtprotoError('bad-message', 'auth.bindTempAuthKey', `the server asked to resend the bind request ${attempt} times`);
        }
        this.host.logger?.debug('tgts/mtproto: auth.bindTempAuthKey must go again (clock or seqno fix)');
      }
    } catch (err) {
      if (this.temp === temp) this.forget();
      if (err instanceof RpcError && err.message === 'ENCRYPTED_MESSAGE_INVALID' && ++this.invalidBinds >= INVALID_BINDS_BEFORE_NEW_PERM_KEY) {
        this.invalidBinds = 0;
        this.host.logger?.warn('tgts/mtproto: the server does not accept the permanent key for binding; creating a new one');
        this.host.forgetPermKey();
      }
      throw err;
    }
    this.invalidBinds = 0;
    temp.bound = true;
    this.armRenewal(temp);
  }

  /** One bind attempt under a fresh msg_id; 'again' when a handler queued it for resending. */
  private bindOnce(permAuthKey: Uint8Array, temp: TempKey): Promise<'bound' | 'again'> {
    const { host } = this;
    return new Promise((resolve, reject) => {
      const msgId = host.nextMsgId();
      const seqNo = host.nextSeqNo();
      const body = encodeBindRequest({ permAuthKey, tempAuthKey: temp.authKey, sessionId: host.sessionId(), msgId, expiresAt: temp.expiresAt });
      let status: PendingStatus = 'queued';
      const timer = host.clock.setTimeout(
        () => host.pending.reject(req, new TimeoutError(`auth.bindTempAuthKey got no answer within ${BIND_TIMEOUT_MS} ms`, BIND_TIMEOUT_MS)),
        BIND_TIMEOUT_MS,
      );
      const req: PendingRequest = {
        method: 'auth.bindTempAuthKey',
        body,
        decode: (result) => readResult('auth.bindTempAuthKey', new Reader(result)),
        internal: true,
        get status(): PendingStatus {
          return status;
        },
        // the body names its own msg_id, so a resend by a service handler must be rebuilt instead
        set status(next: PendingStatus) {
          status = next;
          if (next === 'queued' && !req.settled) host.pending.reject(req, REQUEUED);
        },
        msgId: 0n,
        msgIds: [],
        wrapped: false,
        settled: false,
        resolve: (value) => {
          if (value === true) resolve('bound');
          else reject(new MtprotoError('bad-message', 'auth.bindTempAuthKey', 'the server answered boolFalse'));
        },
        reject: (err) => (err === REQUEUED ? resolve('again') : reject(err)),
        cleanup: () => {
          host.clock.clearTimeout(timer);
          if (this.binding === fail) this.binding = undefined;
        },
      };
      const fail = (err: Error): void => {
        host.pending.reject(req, err);
      };
      this.binding = fail;
      host.pending.add(req);
      const sent = host.transmit(msgId, seqNo, body);
      host.pending.sent(req, msgId, false);
      if (!sent) fail(new TransportError('closed', 'connection closed before auth.bindTempAuthKey could be sent'));
    });
  }

  /** The connection ended: a bind waiting on it fails at once. */
  connectionLost(): void {
    this.binding?.(new TransportError('closed', 'connection closed while binding the temporary key'));
  }

  /** Drops the temporary key (the server forgot it, or it is being replaced). */
  forget(): void {
    this.temp = undefined;
    this.clearTimer();
  }

  /** Ends every timer and wait (session closed). */
  stop(): void {
    this.stopped = true;
    this.forget();
    this.binding?.(new ClosedError('session closed'));
    this.wakeDrain();
  }

  /**
   * Wraps a call: when the server answers 401 AUTH_KEY_PERM_EMPTY (the temporary key is not bound),
   * renews the key at once and sends the call again once (it waits for the new key).
   */
  guard<T>(call: Promise<T>, again: () => Promise<T>): Promise<T> {
    return call.catch((err: unknown) => {
      if (!isPermEmpty(err) || this.stopped) throw err;
      this.host.logger?.warn('tgts/mtproto: AUTH_KEY_PERM_EMPTY: the temporary key is not bound; renewing it');
      this.renew('the server reports it unbound', false);
      return again();
    });
  }

  private needsNewKey(): boolean {
    const t = this.temp;
    return t === undefined || !t.bound || this.host.clock.now() >= t.renewAtMs;
  }

  private armRenewal(temp: TempKey): void {
    this.clearTimer();
    const delay = Math.max(0, temp.renewAtMs - this.host.clock.now());
    this.renewTimer = this.host.clock.setTimeout(() => {
      this.renewTimer = undefined;
      if (this.temp === temp) this.renew('it is nearing expiry', true);
    }, delay);
  }

  private renew(reason: string, drain: boolean): void {
    if (this.stopped) return;
    const temp = this.temp;
    if (temp) temp.renewAtMs = 0; // due now: the next connection makes a new key
    this.host.logger?.debug(`tgts/mtproto: renewing the temporary key: ${reason}`);
    if (this.host.restart(() => (drain ? this.drain(temp) : Promise.resolve()))) return;
    // a connection attempt is under way and may have kept the old key: look again shortly
    this.clearTimer();
    this.renewTimer = this.host.clock.setTimeout(() => {
      this.renewTimer = undefined;
      if (temp !== undefined && this.temp === temp) this.renew(reason, drain);
    }, RENEW_RETRY_MS);
  }

  /** Waits (bounded, and never past the key's expiry) for in-flight calls to be answered on the old key. */
  private async drain(temp: TempKey | undefined): Promise<void> {
    const { clock } = this.host;
    const left = temp ? temp.expiresAtMs - clock.now() - 2 * DRAIN_POLL_MS : 0;
    const deadline = clock.now() + Math.min(MAX_DRAIN_MS, Math.max(0, left));
    while (!this.stopped && this.host.connected() && this.host.inFlight() > 0 && clock.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = clock.setTimeout(() => this.wakeDrain(), DRAIN_POLL_MS);
        this.drainWake = () => {
          clock.clearTimeout(t);
          resolve();
        };
      });
    }
  }

  private wakeDrain(): void {
    const wake = this.drainWake;
    this.drainWake = undefined;
    wake?.();
  }

  private clearTimer(): void {
    if (this.renewTimer !== undefined) this.host.clock.clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
  }
}
