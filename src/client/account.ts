/**
 * The client's view of its storage: which DC is primary, who is signed in, the auth key of each
 * DC. Read once when the client starts (the hot path never awaits storage) and written through on
 * every change.
 *
 * @module
 */
import type { AccountRecord, Storage, StoredAuthKey } from '../storage/types.js';

/** The signed-in account. */
export type AccountUser = NonNullable<AccountRecord['user']>;

export class AccountState {
  private record: AccountRecord;
  /** Whether the record exists in storage (written on the first change). */
  private stored: boolean;
  private readonly keys = new Map<number, StoredAuthKey>();

  private constructor(
    readonly storage: Storage,
    record: AccountRecord | undefined,
    defaults: AccountRecord,
    keys: Array<[number, StoredAuthKey]>,
  ) {
    this.record = record ?? defaults;
    this.stored = record !== undefined;
    for (const [id, key] of keys) this.keys.set(id, key);
  }

  /** Opens `storage` and reads the account and the keys. */
  static async open(storage: Storage, defaults: AccountRecord): Promise<AccountState> {
    await storage.open();
    try {
      const [record, keys] = await Promise.all([storage.account.get(), storage.authKeys.list()]);
      return new AccountState(storage, record, defaults, keys);
    } catch (error) {
      await storage.close().catch(() => undefined);
      throw error;
    }
  }

  get dcId(): number {
    return this.record.dcId;
  }

  get testMode(): boolean {
    return this.record.testMode === true;
  }

  get user(): AccountUser | undefined {
    return this.record.user;
  }

  /** The stored key of a DC. */
  key(dcId: number): StoredAuthKey | undefined {
    return this.keys.get(dcId);
  }

  /** DCs that have a key. */
  keyDcs(): number[] {
    return [...this.keys.keys()];
  }

  /** Stores a DC's key (new key, new salt, corrected clock); the account record goes with the first one. */
  async saveKey(dcId: number, key: StoredAuthKey): Promise<void> {
    this.keys.set(dcId, key);
    await this.storage.authKeys.set(dcId, key);
    if (!this.stored) await this.writeRecord();
  }

  /** Forgets a DC's key (Telegram no longer knows it). */
  async dropKey(dcId: number): Promise<void> {
    this.keys.delete(dcId);
    await this.storage.authKeys.delete(dcId);
  }

  setPrimaryDc(dcId: number): Promise<void> {
    this.record = { ...this.record, dcId };
    return this.writeRecord();
  }

  setUser(user: AccountUser | undefined): Promise<void> {
    const { user: _old, ...rest } = this.record;
    this.record = user ? { ...rest, user: { ...user } } : rest;
    return this.writeRecord();
  }

  /**
   * After a log-out or a revoked authorization: forgets the user and the keys of `dcIds` (the
   * keys that carried the authorization), and the updates state that belonged to the account.
   */
  async signOut(dcIds: readonly number[]): Promise<void> {
    await this.setUser(undefined);
    for (const dcId of dcIds) if (this.keys.has(dcId)) await this.dropKey(dcId);
    await this.storage.updates.clear();
  }

  private async writeRecord(): Promise<void> {
    this.stored = true;
    await this.storage.account.set(this.record);
  }
}
