/**
 * The client's in-memory copy of its {@link SessionData}, saved back to the storage on every change.
 * Saves are serialised so two quick changes never race on disk.
 *
 * @module
 */
import type { DcSession, SessionData, SessionStorage } from '../storage/session/types.js';
import { MemorySession } from '../storage/session/memory.js';

export class SessionState {
  private data: SessionData;
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly storage: SessionStorage,
    data: SessionData,
  ) {
    this.data = data;
  }

  /** Loads the stored session, or starts a fresh one on `defaultDcId`. */
  static async open(storage: SessionStorage | undefined, defaultDcId: number, testMode: boolean): Promise<SessionState> {
    const store = storage ?? new MemorySession();
    const loaded = await store.load();
    const data: SessionData = loaded ?? { version: 1, dcId: defaultDcId, testMode: testMode || undefined, dcs: {} };
    return new SessionState(store, data);
  }

  get dcId(): number {
    return this.data.dcId;
  }

  get user(): SessionData['user'] {
    return this.data.user;
  }

  dc(dcId: number): DcSession {
    return this.data.dcs[dcId] ?? {};
  }

  /** Merges `patch` into the state of one DC and saves. */
  updateDc(dcId: number, patch: DcSession): Promise<void> {
    this.data.dcs[dcId] = { ...this.dc(dcId), ...patch };
    return this.save();
  }

  setPrimaryDc(dcId: number): Promise<void> {
    this.data.dcId = dcId;
    return this.save();
  }

  setUser(user: SessionData['user']): Promise<void> {
    if (user === undefined) delete this.data.user;
    else this.data.user = user;
    return this.save();
  }

  /** Forgets every auth key and the account (after log-out). */
  clearAuthorization(): Promise<void> {
    delete this.data.user;
    for (const dc of Object.values(this.data.dcs)) delete dc.authKey;
    return this.save();
  }

  save(): Promise<void> {
    const snapshot = structuredClone(this.data);
    this.saving = this.saving.then(() => this.storage.save(snapshot));
    return this.saving;
  }

  async close(): Promise<void> {
    await this.saving.catch(() => undefined);
    await this.storage.close?.();
  }
}
