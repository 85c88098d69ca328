/**
 * Runs an old one-blob {@link SessionStorage} (`MemorySession`, `FileSession`, `SqliteSession`,
 * `StringSession`, or a user's own) as a {@link Storage}: the auth keys and the account live in
 * the blob, exactly as before, so existing session files and strings keep working; peers and
 * updates state, which the blob has no room for, are kept in memory.
 *
 * @module
 */
import { ClosedError } from '../../errors.js';
import { MemoryAccount, MemoryAuthKeys, MemoryPeers, MemoryUpdates, type RepositoryHooks } from '../memory.js';
import type { Storage } from '../types.js';
import type { DcSession, SessionData, SessionStorage } from './types.js';

/** DC used in the blob when the account is not known yet (the blob always names one). */
const FALLBACK_DC = 2;

/** A {@link Storage} over a {@link SessionStorage}. */
export class SessionStorageAdapter implements Storage {
  readonly authKeys: MemoryAuthKeys;
  readonly account: MemoryAccount;
  readonly peers = new MemoryPeers();
  readonly updates = new MemoryUpdates();
  private opened = false;
  private opening: Promise<void> | undefined;
  /** Primary DC written into the blob while no account record exists (e.g. after a log-out). */
  private lastDcId = FALLBACK_DC;
  private saving: Promise<void> = Promise.resolve();

  constructor(readonly session: SessionStorage) {
    const hooks: RepositoryHooks = {
      check: () => {
        if (!this.opened) throw new ClosedError('session storage is not open');
      },
      changed: () => this.save(),
    };
    this.authKeys = new MemoryAuthKeys(hooks);
    this.account = new MemoryAccount(hooks);
  }

  open(): Promise<void> {
    if (this.opened) return Promise.resolve();
    this.opening ??= this.load().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async load(): Promise<void> {
    const data = await this.session.load();
    if (data) {
      this.lastDcId = data.dcId;
      this.account.load({ dcId: data.dcId, ...(data.testMode !== undefined ? { testMode: data.testMode } : {}), ...(data.user ? { user: { ...data.user } } : {}) });
      for (const [id, dc] of Object.entries(data.dcs)) {
        if (dc.authKey === undefined) continue; // an address without a key: the directory learns addresses elsewhere
        this.authKeys.load(Number(id), {
          authKey: dc.authKey,
          ...(dc.salt !== undefined ? { salt: dc.salt } : {}),
          ...(dc.timeOffset !== undefined ? { timeOffset: dc.timeOffset } : {}),
          ...(dc.host !== undefined ? { host: dc.host } : {}),
          ...(dc.port !== undefined ? { port: dc.port } : {}),
        });
      }
    }
    this.opened = true;
  }

  /** Writes the blob; saves are serialised so two quick changes never race. */
  private save(): Promise<void> {
    const data = this.blob();
    const next = this.saving.catch(() => undefined).then(() => this.session.save(data));
    this.saving = next;
    return next;
  }

  private blob(): SessionData {
    const account = this.account.current();
    if (account) this.lastDcId = account.dcId;
    const dcs: Record<number, DcSession> = {};
    for (const [id, key] of this.authKeys.entries()) {
      dcs[id] = {
        authKey: key.authKey,
        ...(key.salt !== undefined ? { salt: key.salt } : {}),
        ...(key.timeOffset !== undefined ? { timeOffset: key.timeOffset } : {}),
        ...(key.host !== undefined ? { host: key.host } : {}),
        ...(key.port !== undefined ? { port: key.port } : {}),
      };
    }
    return {
      version: 1,
      dcId: this.lastDcId,
      ...(account?.testMode !== undefined ? { testMode: account.testMode } : {}),
      ...(account?.user ? { user: { ...account.user } } : {}),
      dcs,
    };
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    if (!this.opened) return;
    this.opened = false;
    await this.saving.catch(() => undefined);
    await this.session.close?.();
  }
}

/** Wraps an old {@link SessionStorage} as a {@link Storage} (see {@link SessionStorageAdapter}). */
export function storageFromSession(session: SessionStorage): Storage {
  return new SessionStorageAdapter(session);
}
