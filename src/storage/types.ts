/**
 * The storage contract of the client: four small repositories instead of one blob, each with an
 * async interface a networked database can implement (memory, file and SQLite ship in `tgts`;
 * PostgreSQL and Redis in their own entry points). Every implementation passes the same contract
 * suite (`test/storage/contract.ts`). Implementations live in this folder (`memory`, `file`, `sqlite`) and in their own entry points (`postgres`, `redis`).
 *
 * What lives where:
 * - {@link AuthKeyRepository}: one permanent auth key per DC (plus the salt and clock offset that go with it).
 * - {@link AccountRepository}: which DC is primary, which environment, who is signed in.
 * - {@link PeerRepository}: every user, chat and channel seen, with access hashes and usernames.
 * - {@link UpdatesStateRepository}: the positions of the updates engine (common box and each channel).
 *
 * @module
 */
import type { LeaseLostError } from '../errors.js';

/** A permanent auth key of one DC, with what belongs to it. */
export interface StoredAuthKey {
  /** The 2048-bit key, exactly 256 bytes. */
  authKey: Uint8Array;
  /** Last known server salt (signed 64-bit). */
  salt?: bigint;
  /** Server time minus local time, seconds. */
  timeOffset?: number;
  /** Address the key was made against (kept so a session made against a custom server can reconnect). */
  host?: string;
  port?: number;
}

/** Auth keys by DC id (CDN DCs have ids of their own, so a DC id is the whole key). */
export interface AuthKeyRepository {
  get(dcId: number): Promise<StoredAuthKey | undefined>;
  set(dcId: number, key: StoredAuthKey): Promise<void>;
  delete(dcId: number): Promise<void>;
  /** Every stored key (start-up, export, converters). */
  list(): Promise<Array<[dcId: number, key: StoredAuthKey]>>;
}

/** The account a storage belongs to. */
export interface AccountRecord {
  /** Primary DC (where the account lives). */
  dcId: number;
  /** Telegram's test environment. */
  testMode?: boolean;
  /** The signed-in account, once authorized. */
  user?: { id: number; bot: boolean };
}

export interface AccountRepository {
  get(): Promise<AccountRecord | undefined>;
  set(account: AccountRecord): Promise<void>;
  /** Forgets the account (log-out, revoked authorization). Auth keys are separate. */
  delete(): Promise<void>;
}

/** Kind of a peer; ids are unique within a kind only. */
export type PeerType = 'user' | 'chat' | 'channel';

/** Where a `min` peer was seen, so it can be addressed with `inputPeer*FromMessage`. */
export interface PeerSeenIn {
  /** The chat of the message (user, chat or channel) — must itself be addressable. */
  peerType: PeerType;
  peerId: number;
  msgId: number;
}

/** One user, basic chat or channel as the peer cache knows it. */
export interface PeerRecord {
  type: PeerType;
  /** Bare id (not Bot-API-marked). */
  id: number;
  /** Access hash; absent for basic chats. With `min: true` it is a min hash, never used as a full one. */
  accessHash?: bigint;
  /** Only a `min` copy has been seen (its access hash is not usable on its own). */
  min: boolean;
  /** Active usernames, as Telegram spells them (lookups are case-insensitive). */
  usernames: string[];
  /** Phone number without `+` (users only). */
  phone?: string;
  /** Bot account (users only). */
  bot?: boolean;
  /** For min peers: a message that mentions them. */
  seenIn?: PeerSeenIn;
  /** Unix seconds of the last time this record was updated. */
  updatedAt: number;
}

export interface PeerRepository {
  get(type: PeerType, id: number): Promise<PeerRecord | undefined>;
  /** Case-insensitive, without `@`. */
  getByUsername(username: string): Promise<PeerRecord | undefined>;
  /** Digits only, without `+`. */
  getByPhone(phone: string): Promise<PeerRecord | undefined>;
  /**
   * Inserts or replaces records in one batch. Implementations replace a record as given: the
   * caller (the peer cache) merges min and full copies before calling.
   */
  put(records: readonly PeerRecord[]): Promise<void>;
  delete(type: PeerType, id: number): Promise<void>;
}

/** Position of the account-wide boxes (`updates.state` without `unread_count`). */
export interface CommonUpdatesState {
  pts: number;
  qts: number;
  date: number;
  seq: number;
}

/**
 * Position of one channel box: its `pts` and, when known, `topMessageId`, the highest message id the
 * updates engine delivered in the channel. After a restart the engine recovers what
 * `channelDifferenceTooLong` skipped from the channel's history above that id; without it the stretch
 * is only reported as a gap.
 *
 * The third element is optional so that storages written before it existed keep working: a
 * repository that only keeps `[channelId, pts]` still satisfies {@link UpdatesStateRepository}
 * (it ignores the third element on `setChannels` and never returns one), and data stored without it
 * loads as pts only. Absent and `0` both mean "unknown"; the shipped storages return it only when
 * it is above 0.
 */
export type ChannelPosition = [channelId: number, pts: number, topMessageId?: number];

export interface UpdatesStateRepository {
  getCommon(): Promise<CommonUpdatesState | undefined>;
  setCommon(state: CommonUpdatesState): Promise<void>;
  /** The channel's `pts` (its `topMessageId` comes with {@link listChannels}). */
  getChannel(channelId: number): Promise<number | undefined>;
  /** Every channel box position, ordered by channel id (start-up catch-up, export, converters). */
  listChannels(): Promise<ChannelPosition[]>;
  /**
   * Stores several channel positions in one batch. Each entry replaces the channel's stored position
   * as given: an entry without `topMessageId` stores it as unknown.
   */
  setChannels(entries: ReadonlyArray<Readonly<ChannelPosition>>): Promise<void>;
  deleteChannel(channelId: number): Promise<void>;
  /** Forgets every position (the account changed or was logged out). */
  clear(): Promise<void>;
}

/**
 * A client's storage: the four repositories plus its lifecycle. `open` acquires whatever makes
 * the storage exclusive to this process (a file lock, a database lease) and may reject with
 * `SessionLockedError` (a file locked by a live process) or `SessionInUseError` (an account leased
 * by another process); `close` releases it. Both are idempotent.
 */
export interface Storage {
  readonly authKeys: AuthKeyRepository;
  readonly account: AccountRepository;
  readonly peers: PeerRepository;
  readonly updates: UpdatesStateRepository;
  open(): Promise<void>;
  close(): Promise<void>;
  /**
   * Storages that hold a lease which can be lost while open (PostgreSQL, Redis) call `listener`
   * once when it is: every call then rejects with that `LeaseLostError`, and a client using the
   * storage closes itself. Returns the unsubscribe function. Absent on storages whose exclusivity
   * cannot be lost (memory, file lock, SQLite lock).
   */
  onLost?(listener: (error: LeaseLostError) => void): () => void;
}
