/**
 * Perfect Forward Secrecy for one session (https://core.telegram.org/api/pfs): the temporary
 * auth key (never persisted), when it is due for renewal, and the `auth.bindTempAuthKey`
 * request that binds it to the permanent key as the first message on it. The connector
 * (setup/connector.ts) decides when to create, bind and replace it.
 * @module
 */
import { RpcError } from '../../../errors.js';
import { createAuthKey } from '../../../exchange/index.js';
import type { AuthKeyResult, CreateAuthKeyOptions } from '../../../exchange/index.js';
import { readResult } from '../../../tl/codec.js';
import { Reader } from '../../../tl/runtime/reader.js';
import type { PacketConnection } from '../../../transport/index.js';
import type { MtprotoClock } from '../../clock.js';
import type { SessionState } from '../../connection/session-state.js';
import { MtprotoError } from '../../errors.js';
import { newRequest } from '../../engine/pending.js';
import type { PendingRequest } from '../../engine/pending.js';
import { encodeBindRequest } from './bind-request.js';
import { RENEW_AT_FRACTION } from './options.js';
import type { ResolvedPfsOptions } from './options.js';

/** Seconds kept between the planned end of a temporary key and the server's expiry time. */
const EXPIRY_MARGIN_S = 1;
/** ENCRYPTED_MESSAGE_INVALID answers in a row after which the permanent key is taken as unknown. */
const INVALID_BINDS_BEFORE_NEW_PERM_KEY = 2;

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

function decodeBindResult(result: Uint8Array): true {
  if (readResult('auth.bindTempAuthKey', new Reader(result)) !== true) {
    throw new MtprotoError('bad-message', 'auth.bindTempAuthKey', 'the server answered boolFalse');
  }
  return true;
}

/** The temporary key of one session. */
export class TempKeyKeeper {
  private temp: TempKey | undefined;
  private invalidBinds = 0;

  constructor(
    private readonly options: ResolvedPfsOptions,
    private readonly clock: MtprotoClock,
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

  /** Local time (ms) from which the key is replaced, while there is a bound key. */
  get renewAtMs(): number | undefined {
    return this.temp?.bound ? this.temp.renewAtMs : undefined;
  }

  /** Local time (ms) at which the current key expires. */
  get expiresAtMs(): number | undefined {
    return this.temp?.expiresAtMs;
  }

  /** Whether the next connection needs a new temporary key (none, unbound, or due). */
  needsNewKey(): boolean {
    const t = this.temp;
    return t === undefined || !t.bound || this.clock.now() >= t.renewAtMs;
  }

  /** Makes the current key due: the next connection creates a new one. */
  markDue(): void {
    if (this.temp) this.temp.renewAtMs = 0;
  }

  /**
   * Creates a temporary key over `conn` (nothing else may travel on it meanwhile). Returns the
   * exchange's result, whose salt and clock offset the session adopts.
   */
  async create(conn: PacketConnection, exchange: Omit<CreateAuthKeyOptions, 'tempExpiresIn'>): Promise<AuthKeyResult> {
    this.forget();
    const created = await createAuthKey(conn, { ...exchange, tempExpiresIn: this.options.expiresIn });
    const now = this.clock.now();
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
    return created;
  }

  /**
   * The `auth.bindTempAuthKey` request for the current temporary key: urgent (it must be the
   * first message on the key) and rebuilt for every msg_id it travels under (the body names it).
   */
  bindRequest(permAuthKey: Uint8Array, state: SessionState): PendingRequest {
    const temp = this.temp;
    if (!temp) throw new MtprotoError('bad-message', 'auth.bindTempAuthKey', 'no temporary key to bind');
    return newRequest({
      method: 'auth.bindTempAuthKey',
      body: new Uint8Array(0),
      decode: decodeBindResult,
      internal: true,
      urgent: true,
      build: (msgId) => encodeBindRequest({ permAuthKey, tempAuthKey: temp.authKey, sessionId: state.sessionId, msgId, expiresAt: temp.expiresAt }),
    });
  }

  /** The bind succeeded. */
  markBound(): void {
    if (this.temp) this.temp.bound = true;
    this.invalidBinds = 0;
  }

  /**
   * The bind failed with `err`: the temporary key is dropped. True when the server keeps refusing
   * the permanent key (ENCRYPTED_MESSAGE_INVALID twice in a row): it must be created again.
   */
  bindFailed(err: unknown): boolean {
    this.forget();
    if (!(err instanceof RpcError && err.message === 'ENCRYPTED_MESSAGE_INVALID')) return false;
    if (++this.invalidBinds < INVALID_BINDS_BEFORE_NEW_PERM_KEY) return false;
    this.invalidBinds = 0;
    return true;
  }

  /** Drops the temporary key (the server forgot it, or it is being replaced). */
  forget(): void {
    this.temp = undefined;
  }
}
