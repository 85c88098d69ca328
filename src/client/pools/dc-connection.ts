/**
 * One connection of a pool: an MTProto session to one DC, seen through the invoke contract. This
 * file is the only place that knows the session's own calling conventions (contracts §4): the call's
 * `signal` and `deadline` go through as they are, so the session's one deadline timer bounds the
 * call, including the time it waits for the connection and the key exchange.
 *
 * @module
 */
import type { RsaPublicKey } from '../../crypto/index.js';
import { MtprotoSession, type InitConnectionParams, type MtprotoKeyState, type MtprotoSessionState } from '../../mtproto/index.js';
import type { AnyRequest } from '../../tl/index.js';
import type { PacketConnection } from '../../transport/index.js';
import { bounded, deadlineError } from '../invoke/call.js';
import type { InvokeOptions, PoolKind } from '../invoke/types.js';
import type { Logger } from '../options.js';

/** Everything one connection needs. */
export interface DcConnectionOptions {
  dcId: number;
  kind: PoolKind;
  testMode: boolean;
  /** A media-only address (temporary keys are bound with the negative DC id). */
  media: boolean;
  dial: (signal?: AbortSignal) => Promise<PacketConnection>;
  publicKeys: RsaPublicKey[];
  /** The DC's permanent key; without one the connection creates it. */
  authKey: { authKey: Uint8Array; salt?: bigint | undefined; timeOffset?: number | undefined } | undefined;
  initConnection: InitConnectionParams;
  pfs?: { expiresIn?: number } | undefined;
  logger?: Logger | undefined;
  onKey(state: MtprotoKeyState): void;
  onPush(value: unknown): void;
  onState(state: MtprotoSessionState): void;
}

/** A connection of a pool. */
export class DcConnection {
  readonly dcId: number;
  readonly kind: PoolKind;
  /** When a call last went through (clock ms), for idle closing. */
  lastUsed = 0;
  private readonly session: MtprotoSession;

  constructor(options: DcConnectionOptions) {
    this.dcId = options.dcId;
    this.kind = options.kind;
    this.session = new MtprotoSession({
      dcId: options.dcId,
      testMode: options.testMode,
      media: options.media,
      dial: (signal) => options.dial(signal),
      publicKeys: options.publicKeys,
      authKey: options.authKey?.authKey,
      salt: options.authKey?.salt,
      timeOffset: options.authKey?.timeOffset,
      initConnection: options.initConnection,
      onKey: options.onKey,
      onUpdate: options.onPush,
      onStateChange: options.onState,
      logger: options.logger,
      pfs: options.pfs,
    });
  }

  /** Calls not settled yet. */
  get pending(): number {
    return this.session.pendingCount;
  }

  get state(): MtprotoSessionState {
    return this.session.state;
  }

  /** Sends one call; the session connects first when needed. */
  invoke(request: AnyRequest, options: InvokeOptions, now: number): Promise<unknown> {
    this.lastUsed = now;
    const { signal, deadline } = options;
    if (deadline === undefined) return this.session.invoke(request, signal ? { signal } : {});
    const timeout = deadline - now;
    if (timeout <= 0) return Promise.reject(deadlineError(request, options));
    return this.session.invoke(request, signal ? { signal, timeout } : { timeout });
  }

  /** Connects (and creates the key if needed), bounded by the options' signal and deadline. */
  start(options: InvokeOptions, now: () => number): Promise<void> {
    return bounded(this.session.start(), options, `connecting to DC ${this.dcId}`, now);
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
