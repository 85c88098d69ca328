/**
 * Auth keys known to one DC: permanent and temporary keys, which user each is signed in as,
 * and the temp → perm bindings made by `auth.bindTempAuthKey` (https://core.telegram.org/api/pfs).
 * @module
 */
import { sha1 } from '../../crypto/index.js';
import { SaltSchedule } from './salts.js';

/** One auth key as the server keeps it. */
export interface AuthKeyRecord {
  /** auth_key_id: the low 64 bits of SHA-1(key), as a signed TL long. */
  readonly id: bigint;
  /** The 256-byte key. */
  readonly key: Uint8Array;
  /** User the key is signed in as (for a bound temp key, see {@link AuthKeyStore.userOf}). */
  userId: number | undefined;
  /** Unix seconds after which a temporary key is forgotten. */
  readonly expiresAt: number | undefined;
  /** Permanent key this temporary key is bound to. */
  boundPermId: bigint | undefined;
  /** Salts of this key. */
  readonly salts: SaltSchedule;
}

/** Options of {@link AuthKeyStore.add}. */
export interface AddAuthKeyOptions {
  userId?: number;
  /** Temp keys: expiry in unix seconds. */
  expiresAt?: number;
  /** Salt agreed during the key exchange (accepted during its first period). */
  initialSalt?: bigint;
  boundPermId?: bigint;
}

/** Computes auth_key_id (https://core.telegram.org/mtproto/description#key-identifier-auth-key-id). */
export function authKeyIdOf(key: Uint8Array): bigint {
  const h = sha1(key);
  return new DataView(h.buffer, h.byteOffset + 12, 8).getBigInt64(0, true);
}

/** Upper bound on keys kept in memory; the oldest key not bound to a user is evicted past it. */
export const MAX_AUTH_KEYS = 20_000;

/** Auth keys of one DC. */
export class AuthKeyStore {
  private readonly keys = new Map<bigint, AuthKeyRecord>();
  /** Keys by their own `userId`, and temp keys by the permanent key they are bound to: pushes find an account's keys without a scan. */
  private readonly byUser = new Map<number, Set<AuthKeyRecord>>();
  private readonly byPerm = new Map<bigint, Set<AuthKeyRecord>>();

  /**
   * @param nowSeconds - server clock.
   * @param onChange - told when a key is added, removed, or its user or binding changes (persistence).
   */
  constructor(
    private readonly nowSeconds: () => number,
    private readonly onChange: (record: AuthKeyRecord, removed: boolean) => void = () => {},
    private readonly saltPeriodSeconds = 3600,
  ) {}

  /** Registers a key (replacing a record with the same id). */
  add(key: Uint8Array, options: AddAuthKeyOptions = {}): AuthKeyRecord {
    if (key.length !== 256) throw new RangeError(`auth key must be 256 bytes, got ${key.length}`);
    const record: AuthKeyRecord = {
      id: authKeyIdOf(key),
      key: key.slice(),
      userId: options.userId,
      expiresAt: options.expiresAt,
      boundPermId: options.boundPermId,
      salts: new SaltSchedule(this.nowSeconds, this.saltPeriodSeconds, options.initialSalt),
    };
    const old = this.keys.get(record.id);
    if (old) this.unindex(old);
    this.keys.set(record.id, record);
    this.index(record);
    this.evictIfFull();
    this.onChange(record, false);
    return record;
  }

  private index(r: AuthKeyRecord): void {
    if (r.userId !== undefined) addTo(this.byUser, r.userId, r);
    if (r.boundPermId !== undefined) addTo(this.byPerm, r.boundPermId, r);
  }

  private unindex(r: AuthKeyRecord): void {
    if (r.userId !== undefined) removeFrom(this.byUser, r.userId, r);
    if (r.boundPermId !== undefined) removeFrom(this.byPerm, r.boundPermId, r);
  }

  private evictIfFull(): void {
    if (this.keys.size <= MAX_AUTH_KEYS) return;
    for (const r of this.keys.values()) {
      if (r.userId === undefined) {
        this.remove(r.id);
        return;
      }
    }
  }

  /** The key with this id, or undefined (expired temporary keys are dropped here). */
  get(id: bigint): AuthKeyRecord | undefined {
    const r = this.keys.get(id);
    if (r && r.expiresAt !== undefined && r.expiresAt <= this.nowSeconds()) {
      this.remove(id);
      return undefined;
    }
    return r;
  }

  /** Forgets a key. */
  remove(id: bigint): void {
    const r = this.keys.get(id);
    if (!r) return;
    this.keys.delete(id);
    this.unindex(r);
    this.onChange(r, true);
  }

  /** The key whose user counts for `record`: its permanent key when bound, else itself. */
  effective(record: AuthKeyRecord): AuthKeyRecord {
    if (record.boundPermId === undefined) return record;
    return this.keys.get(record.boundPermId) ?? record;
  }

  /** User `record` acts as. */
  userOf(record: AuthKeyRecord): number | undefined {
    return this.effective(record).userId;
  }

  /** Signs `record` in (or out, with undefined); a bound temp key changes its permanent key. */
  setUser(record: AuthKeyRecord, userId: number | undefined): void {
    const target = this.effective(record);
    this.unindex(target);
    target.userId = userId;
    this.index(target);
    this.onChange(target, false);
  }

  /** Binds a temporary key to a permanent one. */
  bind(temp: AuthKeyRecord, permId: bigint): void {
    this.unindex(temp);
    temp.boundPermId = permId;
    this.index(temp);
    this.onChange(temp, false);
  }

  /** Every key (snapshot). */
  all(): AuthKeyRecord[] {
    return [...this.keys.values()];
  }

  /** Keys acting as `userId` (directly or, temp keys, through a binding), from the indexes. */
  keysOfUser(userId: number): AuthKeyRecord[] {
    const out: AuthKeyRecord[] = [];
    for (const r of this.byUser.get(userId) ?? []) {
      if (this.userOf(r) === userId) out.push(r);
      for (const t of this.byPerm.get(r.id) ?? []) if (t !== r && this.userOf(t) === userId && !out.includes(t)) out.push(t);
    }
    return out;
  }

  /** Ids of keys acting as `userId` (directly or through a binding). */
  idsOfUser(userId: number): bigint[] {
    return this.keysOfUser(userId).map((r) => r.id);
  }

  get size(): number {
    return this.keys.size;
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
