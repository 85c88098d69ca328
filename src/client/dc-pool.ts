/**
 * One MTProto session per DC, created on first use. The pool knows DC addresses (built-in,
 * from options, then from `help.getConfig`), which DC is primary, and which DCs already carry
 * the account's authorization.
 *
 * @module
 */
import { MtprotoSession, type InitConnectionParams } from '../mtproto/index.js';
import { connect } from '../transport/index.js';
import type { RsaPublicKey } from '../crypto/index.js';
import type { AnyRequest } from '../tl/index.js';
import type { DcAddress } from './builtin-dcs.js';
import { ClosedError, MigrationError } from './errors.js';
import type { InvokeOptions } from './middleware/index.js';
import type { ConnectionState, Logger, ResolvedTransport } from './options.js';
import type { SessionState } from './session-state.js';

export interface DcPoolOptions {
  transport: ResolvedTransport;
  publicKeys: RsaPublicKey[];
  testMode: boolean;
  initConnection: InitConnectionParams;
  session: SessionState;
  addresses: DcAddress[];
  requestTimeout: number;
  logger?: Logger;
  onUpdate(updates: unknown): void;
  onStateChange(state: ConnectionState): void;
  /** Perfect Forward Secrecy, as in `ClientOptions.pfs`. */
  pfs?: boolean | { expiresIn?: number } | undefined;
}

/** Untyped on purpose: resolving ResultOf over the union of every request is too deep for the compiler. */
interface UntypedSession {
  invoke(request: AnyRequest, options: object): Promise<unknown>;
}

/**
 * @internal Key of a function on invoke options that returns their `signal` only if it was already
 * created: `Client.send` makes the signal on first read, so calls nobody cancels stay cheap.
 */
export const PEEK_SIGNAL: unique symbol = Symbol('tgts.peekSignal');

/** @internal Invoke options with a lazily created signal. */
export interface LazySignalOptions extends InvokeOptions {
  [PEEK_SIGNAL]?: () => AbortSignal | undefined;
}

export class DcPool {
  private readonly sessions = new Map<number, MtprotoSession>();
  private readonly starting = new Map<number, Promise<MtprotoSession>>();
  /** Sessions still connecting, so `close()` can abort them instead of waiting out their retries. */
  private readonly connecting = new Set<MtprotoSession>();
  private readonly addresses = new Map<number, DcAddress>();
  /** DCs (other than the primary) where `auth.importAuthorization` already succeeded in this run. */
  readonly authorizedDcs = new Set<number>();
  private closed = false;

  constructor(private readonly options: DcPoolOptions) {
    for (const address of options.addresses) this.addresses.set(address.id, address);
  }

  get primaryDcId(): number {
    return this.options.session.dcId;
  }

  /** Adds or replaces DC addresses (e.g. from `help.getConfig`). */
  setAddresses(addresses: Iterable<DcAddress>): void {
    for (const address of addresses) this.addresses.set(address.id, address);
  }

  address(dcId: number): DcAddress {
    const known = this.addresses.get(dcId);
    if (known) return known;
    const stored = this.options.session.dc(dcId);
    if (stored.host !== undefined && stored.port !== undefined) return { id: dcId, host: stored.host, port: stored.port };
    throw new MigrationError(`no address known for DC ${dcId}`, dcId);
  }

  /** The session of `dcId`, connected and ready (created on first use). */
  async get(dcId: number): Promise<MtprotoSession> {
    if (this.closed) throw new ClosedError();
    const ready = this.sessions.get(dcId);
    if (ready) return ready;
    let pending = this.starting.get(dcId);
    if (!pending) {
      pending = this.start(dcId).finally(() => this.starting.delete(dcId));
      this.starting.set(dcId, pending);
    }
    return pending;
  }

  invoke(request: AnyRequest, options: InvokeOptions): Promise<unknown> {
    const dcId = options.dcId ?? this.primaryDcId;
    // A lazily created signal (Client.send) is only peeked at: a call that nobody cancels costs
    // no AbortController; the session's own timeout then bounds it.
    const lazy = options as LazySignalOptions;
    const sessionOptions = { signal: lazy[PEEK_SIGNAL] ? lazy[PEEK_SIGNAL]() : options.signal, timeout: options.timeout ?? this.options.requestTimeout };
    // the ready session is used synchronously (no extra await per call)
    const ready = this.closed ? undefined : this.sessions.get(dcId);
    if (ready) return (ready as unknown as UntypedSession).invoke(request, sessionOptions);
    return this.get(dcId).then((session) => (session as unknown as UntypedSession).invoke(request, sessionOptions));
  }

  private async start(dcId: number): Promise<MtprotoSession> {
    const { transport, session: state, logger } = this.options;
    const address = this.address(dcId);
    const stored = state.dc(dcId);
    const primary = dcId === this.primaryDcId;
    const mtproto = new MtprotoSession({
      dcId,
      testMode: this.options.testMode,
      connect: () =>
        connect({
          type: transport.type,
          codec: transport.codec,
          obfuscated: transport.obfuscated,
          host: address.host,
          port: transport.type === 'websocket' ? (address.wsPort ?? address.port) : transport.type === 'http' ? (address.httpPort ?? 80) : address.port,
          dcId,
          testMode: this.options.testMode,
          ...(transport.proxy ? { proxy: transport.proxy } : {}),
        }),
      publicKeys: this.options.publicKeys,
      authKey: stored.authKey,
      salt: stored.salt,
      timeOffset: stored.timeOffset,
      initConnection: this.options.initConnection,
      onKey: (key) => {
        void state
          .updateDc(dcId, { host: address.host, port: address.port, authKey: key.authKey, salt: key.salt, timeOffset: key.timeOffset })
          .catch((err: unknown) => logger?.warn('tgts: could not save the session', err));
      },
      onUpdate: (updates) => this.options.onUpdate(updates),
      onStateChange: (s) => {
        if (dcId === this.primaryDcId) this.options.onStateChange(s);
      },
      requestTimeoutMs: this.options.requestTimeout,
      logger,
      pfs: this.options.pfs === true ? {} : this.options.pfs || undefined,
    });
    this.connecting.add(mtproto);
    try {
      await mtproto.start();
    } catch (err) {
      await mtproto.close().catch(() => undefined);
      throw this.closed ? new ClosedError('client closed while connecting', { cause: err }) : err;
    } finally {
      this.connecting.delete(mtproto);
    }
    if (this.closed) {
      await mtproto.close();
      throw new ClosedError();
    }
    if (primary) logger?.debug(`tgts: primary DC ${dcId} ready`);
    this.sessions.set(dcId, mtproto);
    return mtproto;
  }

  /** Closes and forgets the session of one DC (e.g. after its key was revoked). */
  async drop(dcId: number): Promise<void> {
    const session = this.sessions.get(dcId);
    this.sessions.delete(dcId);
    this.authorizedDcs.delete(dcId);
    await session?.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.connecting].map((s) => s.close()));
    await Promise.allSettled([...this.starting.values()]);
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(sessions.map((s) => s.close()));
  }
}
