/**
 * The four repositories of one account in Redis: hashes for auth keys, peers, the username and
 * phone indexes and channel positions, strings for the account and the common updates state.
 * Reads are plain commands (a lookup by username is one script: index, then record); every write
 * is a fenced script (`scripts.ts`).
 *
 * @module
 */
import type { Redis } from 'ioredis';
import type {
  AccountRecord,
  AccountRepository,
  AuthKeyRepository,
  ChannelPosition,
  CommonUpdatesState,
  PeerRecord,
  PeerRepository,
  PeerType,
  StoredAuthKey,
  UpdatesStateRepository,
} from '../types.js';
import { checkAccount, checkAuthKey, checkChannelPosition, checkCommonState, checkDcId, checkPeer, checkPeerId, checkPeerType, phoneKey, usernameKey } from '../validate.js';
import { decodeAccount, decodeAuthKey, decodeCommon, decodePeer, encodeAccount, encodeAuthKey, encodeCommon, encodePeer } from './codec.js';
import type { AccountKeys } from './keys.js';
import { DELETE_PEER, FENCED_DEL, FENCED_HDEL, FENCED_HSET, FENCED_SET, PEER_BY_INDEX, PUT_PEERS, type LuaScript } from './scripts.js';

export interface RedisAccess {
  readonly keys: AccountKeys;
  /** Throws the lost lease, or `ClosedError` when not open (a call that has nothing to send). */
  check(): Promise<void>;
  /** Runs a read (throws when closed or the lease is lost). */
  read<T>(step: (redis: Redis) => Promise<T>): Promise<T>;
  /** Runs a fenced script; the lease key and token are prepended. Throws `LeaseLostError` when not held. */
  write(script: LuaScript, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<void>;
}

export class RedisAuthKeys implements AuthKeyRepository {
  constructor(private readonly db: RedisAccess) {}

  async get(dcId: number): Promise<StoredAuthKey | undefined> {
    const text = await this.db.read((r) => r.hget(this.db.keys.authKeys, String(dcId)));
    return text === null ? undefined : decodeAuthKey(text, String(dcId));
  }

  async set(dcId: number, key: StoredAuthKey): Promise<void> {
    const id = checkDcId(dcId);
    const k = checkAuthKey(key);
    await this.db.write(FENCED_HSET, [this.db.keys.authKeys], [id, encodeAuthKey(k)]);
  }

  async delete(dcId: number): Promise<void> {
    await this.db.write(FENCED_HDEL, [this.db.keys.authKeys], [String(dcId)]);
  }

  async list(): Promise<Array<[dcId: number, key: StoredAuthKey]>> {
    const all = await this.db.read((r) => r.hgetall(this.db.keys.authKeys));
    return Object.entries(all)
      .map(([id, text]): [number, StoredAuthKey] => [Number(id), decodeAuthKey(text, id)])
      .sort(([a], [b]) => a - b);
  }
}

export class RedisAccount implements AccountRepository {
  constructor(private readonly db: RedisAccess) {}

  async get(): Promise<AccountRecord | undefined> {
    const text = await this.db.read((r) => r.get(this.db.keys.account));
    return text === null ? undefined : decodeAccount(text);
  }

  async set(account: AccountRecord): Promise<void> {
    await this.db.write(FENCED_SET, [this.db.keys.account], [encodeAccount(checkAccount(account))]);
  }

  async delete(): Promise<void> {
    await this.db.write(FENCED_DEL, [this.db.keys.account], []);
  }
}

const peerKey = (type: PeerType, id: number): string => `${type}:${id}`;

export class RedisPeers implements PeerRepository {
  constructor(private readonly db: RedisAccess) {}

  private get indexKeys(): string[] {
    const k = this.db.keys;
    return [k.peers, k.names, k.phones, k.owned];
  }

  async get(type: PeerType, id: number): Promise<PeerRecord | undefined> {
    const key = peerKey(type, id);
    const text = await this.db.read((r) => r.hget(this.db.keys.peers, key));
    return text === null ? undefined : decodePeer(text, key);
  }

  async getByUsername(username: string): Promise<PeerRecord | undefined> {
    return this.byIndex(this.db.keys.names, usernameKey(username));
  }

  async getByPhone(phone: string): Promise<PeerRecord | undefined> {
    return this.byIndex(this.db.keys.phones, phoneKey(phone));
  }

  private async byIndex(index: string, name: string): Promise<PeerRecord | undefined> {
    const text = (await this.db.read((r) => PEER_BY_INDEX.run(r, [index, this.db.keys.peers], [name]))) as string | null;
    return text === null ? undefined : decodePeer(text, name);
  }

  async put(records: readonly PeerRecord[]): Promise<void> {
    const checked = records.map((r, i) => checkPeer(r, `records.${i}`));
    if (checked.length === 0) return this.db.check(); // nothing to write, but a closed or lost storage still says so
    const args: string[] = [];
    for (const p of checked) {
      args.push(peerKey(p.type, p.id), encodePeer(p), p.usernames.map((u) => u.toLowerCase()).join(','), p.phone ?? '');
    }
    await this.db.write(PUT_PEERS, this.indexKeys, args);
  }

  async delete(type: PeerType, id: number): Promise<void> {
    const key = peerKey(checkPeerType(type), checkPeerId(id, 'id'));
    await this.db.write(DELETE_PEER, this.indexKeys, [key]);
  }
}

export class RedisUpdates implements UpdatesStateRepository {
  constructor(private readonly db: RedisAccess) {}

  async getCommon(): Promise<CommonUpdatesState | undefined> {
    const text = await this.db.read((r) => r.get(this.db.keys.common));
    return text === null ? undefined : decodeCommon(text);
  }

  async setCommon(state: CommonUpdatesState): Promise<void> {
    await this.db.write(FENCED_SET, [this.db.keys.common], [encodeCommon(checkCommonState(state))]);
  }

  async getChannel(channelId: number): Promise<number | undefined> {
    const text = await this.db.read((r) => r.hget(this.db.keys.channels, String(channelId)));
    return text === null ? undefined : decodeChannel(channelId, text)[1];
  }

  async listChannels(): Promise<ChannelPosition[]> {
    const all = await this.db.read((r) => r.hgetall(this.db.keys.channels));
    return Object.entries(all)
      .map(([id, text]) => decodeChannel(id, text))
      .sort(([a], [b]) => a - b);
  }

  async setChannels(entries: ReadonlyArray<Readonly<ChannelPosition>>): Promise<void> {
    const checked = entries.map(([id, pts, top], i) => checkChannelPosition(id, pts, top, `entries.${i}`));
    if (checked.length === 0) return this.db.check(); // nothing to write, but a closed or lost storage still says so
    await this.db.write(
      FENCED_HSET,
      [this.db.keys.channels],
      checked.flatMap((p) => [String(p[0]), encodeChannel(p)]),
    );
  }

  async deleteChannel(channelId: number): Promise<void> {
    await this.db.write(FENCED_HDEL, [this.db.keys.channels], [String(channelId)]);
  }

  async clear(): Promise<void> {
    await this.db.write(FENCED_DEL, [this.db.keys.common, this.db.keys.channels], []);
  }
}

/**
 * A channel's hash value: `pts`, or `pts:topMessageId` when the top message is known. Values of
 * layout 1 (`pts` alone) read as a position without a top message.
 */
function encodeChannel([, pts, top]: ChannelPosition): string {
  return top === undefined ? String(pts) : `${pts}:${top}`;
}

function decodeChannel(channelId: number | string, text: string): ChannelPosition {
  const colon = text.indexOf(':');
  const pts = Number(colon < 0 ? text : text.slice(0, colon));
  const top = colon < 0 ? undefined : Number(text.slice(colon + 1));
  return checkChannelPosition(Number(channelId), pts, top, `channel ${channelId}`);
}
