/**
 * Storage kept in memory only (lost when the process exits): the default of a `Client`, and the
 * building block of the other implementations (the file storage keeps these maps and writes them
 * out; the adapter of old `SessionStorage`s keeps peers and updates state here).
 *
 * Records are checked and copied on the way in and copied on the way out, so no caller can change
 * stored state by accident.
 *
 * @module
 */
import type {
  AccountRecord,
  AccountRepository,
  AuthKeyRepository,
  ChannelPosition,
  CommonUpdatesState,
  PeerRecord,
  PeerRepository,
  PeerType,
  Storage,
  StoredAuthKey,
  UpdatesStateRepository,
} from './types.js';
import {
  checkAccount,
  checkAuthKey,
  checkChannelPosition,
  checkCommonState,
  checkDcId,
  checkPeer,
  checkPeerId,
  checkPeerType,
  copyAccount,
  copyAuthKey,
  copyPeer,
  phoneKey,
  usernameKey,
} from './validate.js';

/** How a storage built on these maps follows them (the file storage writes itself out). */
export interface RepositoryHooks {
  /** Throws when the storage cannot be used (closed); called first by every method. */
  check(): void;
  /**
   * Called after every change; the change is done when the returned promise settles (the file
   * storage resolves it once the file holding the change is written).
   */
  changed(): void | Promise<void>;
}

const NO_HOOKS: RepositoryHooks = { check: () => {}, changed: () => {} };

/** Auth keys by DC id, in memory. */
export class MemoryAuthKeys implements AuthKeyRepository {
  private readonly keys = new Map<number, StoredAuthKey>();

  constructor(private readonly hooks: RepositoryHooks = NO_HOOKS) {}

  async get(dcId: number): Promise<StoredAuthKey | undefined> {
    this.hooks.check();
    const key = this.keys.get(dcId);
    return key && copyAuthKey(key);
  }

  async set(dcId: number, key: StoredAuthKey): Promise<void> {
    this.hooks.check();
    this.keys.set(checkDcId(dcId), checkAuthKey(key));
    await this.hooks.changed();
  }

  async delete(dcId: number): Promise<void> {
    this.hooks.check();
    if (this.keys.delete(dcId)) await this.hooks.changed();
  }

  async list(): Promise<Array<[dcId: number, key: StoredAuthKey]>> {
    this.hooks.check();
    return [...this.keys].sort(([a], [b]) => a - b).map(([id, key]) => [id, copyAuthKey(key)]);
  }

  /** @internal Forgets everything without telling the listener (before a reload). */
  reset(): void {
    this.keys.clear();
  }

  /** @internal Loads a checked key without telling the listener. */
  load(dcId: number, key: StoredAuthKey): void {
    this.keys.set(dcId, key);
  }

  /** @internal Synchronous view for serialisers. */
  entries(): IterableIterator<[number, StoredAuthKey]> {
    return this.keys.entries();
  }
}

/** The account record, in memory. */
export class MemoryAccount implements AccountRepository {
  private record: AccountRecord | undefined;

  constructor(private readonly hooks: RepositoryHooks = NO_HOOKS) {}

  async get(): Promise<AccountRecord | undefined> {
    this.hooks.check();
    return this.record && copyAccount(this.record);
  }

  async set(account: AccountRecord): Promise<void> {
    this.hooks.check();
    this.record = checkAccount(account);
    await this.hooks.changed();
  }

  async delete(): Promise<void> {
    this.hooks.check();
    if (this.record === undefined) return;
    this.record = undefined;
    await this.hooks.changed();
  }

  /** @internal */
  load(account: AccountRecord | undefined): void {
    this.record = account;
  }

  /** @internal */
  current(): AccountRecord | undefined {
    return this.record;
  }
}

const peerKey = (type: PeerType, id: number): string => `${type}:${id}`;

/** Peers with a username and a phone index, in memory. */
export class MemoryPeers implements PeerRepository {
  private readonly peers = new Map<string, PeerRecord>();
  private readonly byUsername = new Map<string, string>();
  private readonly byPhone = new Map<string, string>();

  constructor(private readonly hooks: RepositoryHooks = NO_HOOKS) {}

  async get(type: PeerType, id: number): Promise<PeerRecord | undefined> {
    this.hooks.check();
    const peer = this.peers.get(peerKey(type, id));
    return peer && copyPeer(peer);
  }

  async getByUsername(username: string): Promise<PeerRecord | undefined> {
    this.hooks.check();
    const key = this.byUsername.get(usernameKey(username));
    const peer = key === undefined ? undefined : this.peers.get(key);
    return peer && copyPeer(peer);
  }

  async getByPhone(phone: string): Promise<PeerRecord | undefined> {
    this.hooks.check();
    const key = this.byPhone.get(phoneKey(phone));
    const peer = key === undefined ? undefined : this.peers.get(key);
    return peer && copyPeer(peer);
  }

  async put(records: readonly PeerRecord[]): Promise<void> {
    this.hooks.check();
    // check the whole batch first: a bad record stores nothing
    const checked = records.map((r, i) => checkPeer(r, `records.${i}`));
    for (const record of checked) this.store(record);
    if (checked.length > 0) await this.hooks.changed();
  }

  async delete(type: PeerType, id: number): Promise<void> {
    this.hooks.check();
    if (this.unindex(peerKey(checkPeerType(type), checkPeerId(id, 'id')))) await this.hooks.changed();
  }

  /** @internal Forgets everything without telling the listener (before a reload). */
  reset(): void {
    this.peers.clear();
    this.byUsername.clear();
    this.byPhone.clear();
  }

  /** @internal Stores a checked record and indexes it (a username or phone moves to its new owner). */
  store(record: PeerRecord): void {
    const key = peerKey(record.type, record.id);
    this.unindex(key);
    this.peers.set(key, record);
    for (const name of record.usernames) this.byUsername.set(name.toLowerCase(), key);
    if (record.phone !== undefined) this.byPhone.set(record.phone, key);
  }

  /** @internal */
  values(): IterableIterator<PeerRecord> {
    return this.peers.values();
  }

  private unindex(key: string): boolean {
    const old = this.peers.get(key);
    if (!old) return false;
    this.peers.delete(key);
    for (const name of old.usernames) if (this.byUsername.get(name.toLowerCase()) === key) this.byUsername.delete(name.toLowerCase());
    if (old.phone !== undefined && this.byPhone.get(old.phone) === key) this.byPhone.delete(old.phone);
    return true;
  }
}

/** Updates state, in memory. */
export class MemoryUpdates implements UpdatesStateRepository {
  private common: CommonUpdatesState | undefined;
  /** Checked positions by channel id (`topMessageId` only when known). */
  private readonly channels = new Map<number, ChannelPosition>();

  constructor(private readonly hooks: RepositoryHooks = NO_HOOKS) {}

  async getCommon(): Promise<CommonUpdatesState | undefined> {
    this.hooks.check();
    return this.common && { ...this.common };
  }

  async setCommon(state: CommonUpdatesState): Promise<void> {
    this.hooks.check();
    this.common = checkCommonState(state);
    await this.hooks.changed();
  }

  async getChannel(channelId: number): Promise<number | undefined> {
    this.hooks.check();
    return this.channels.get(channelId)?.[1];
  }

  async listChannels(): Promise<ChannelPosition[]> {
    this.hooks.check();
    return this.positions();
  }

  async setChannels(entries: ReadonlyArray<Readonly<ChannelPosition>>): Promise<void> {
    this.hooks.check();
    const checked = entries.map(([id, pts, top], i) => checkChannelPosition(id, pts, top, `entries.${i}`));
    for (const position of checked) this.channels.set(position[0], position);
    if (checked.length > 0) await this.hooks.changed();
  }

  async deleteChannel(channelId: number): Promise<void> {
    this.hooks.check();
    if (this.channels.delete(channelId)) await this.hooks.changed();
  }

  async clear(): Promise<void> {
    this.hooks.check();
    if (this.common === undefined && this.channels.size === 0) return;
    this.common = undefined;
    this.channels.clear();
    await this.hooks.changed();
  }

  /** @internal Replaces the state with checked positions (a file just read). */
  load(common: CommonUpdatesState | undefined, channels: Iterable<Readonly<ChannelPosition>>): void {
    this.common = common;
    this.channels.clear();
    for (const position of channels) this.channels.set(position[0], [...position]);
  }

  /** @internal */
  snapshot(): { common: CommonUpdatesState | undefined; channels: ChannelPosition[] } {
    return { common: this.common, channels: this.positions() };
  }

  private positions(): ChannelPosition[] {
    return [...this.channels.values()].map((p): ChannelPosition => [...p]).sort(([a], [b]) => a - b);
  }
}

/**
 * A {@link Storage} in memory. It holds no resource: `open` and `close` do nothing, and one
 * instance may serve one client after another.
 */
export class MemoryStorage implements Storage {
  readonly authKeys = new MemoryAuthKeys();
  readonly account = new MemoryAccount();
  readonly peers = new MemoryPeers();
  readonly updates = new MemoryUpdates();

  async open(): Promise<void> {}

  async close(): Promise<void> {}
}
