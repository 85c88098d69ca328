/**
 * The four repositories over the tables of `schema.ts`. Statements are prepared once per open
 * database; every batch runs in one transaction.
 *
 * @module
 */
import { int64FromDecimal } from '../bytes.js';
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
import {
  checkAccount,
  checkAuthKey,
  channelPosition,
  checkChannelPosition,
  checkCommonState,
  checkDcId,
  checkPeer,
  checkPeerId,
  checkPeerType,
  phoneKey,
  usernameKey,
} from '../validate.js';
import { readMeta, type Db } from './database.js';

/** Gives the repositories their database (or throws `ClosedError`) and turns SQLite errors into session errors. */
export interface DbAccess {
  run<T>(step: (db: Db) => T): T;
}

interface KeyRow {
  dc_id: number;
  host: string | null;
  port: number | null;
  auth_key: Uint8Array;
  salt: string | null;
  time_offset: number | null;
}

function keyFromRow(row: KeyRow): StoredAuthKey {
  const key: StoredAuthKey = { authKey: new Uint8Array(row.auth_key) };
  const salt = row.salt === null ? undefined : int64FromDecimal(row.salt);
  if (salt !== undefined) key.salt = salt;
  if (row.time_offset !== null) key.timeOffset = row.time_offset;
  if (row.host !== null) key.host = row.host;
  if (row.port !== null) key.port = row.port;
  return key;
}

export class SqliteAuthKeys implements AuthKeyRepository {
  constructor(private readonly db: DbAccess) {}

  async get(dcId: number): Promise<StoredAuthKey | undefined> {
    const row = this.db.run((db) => db.prepare('SELECT * FROM tgts_dcs WHERE dc_id = ? AND auth_key IS NOT NULL').get(dcId) as KeyRow | undefined);
    return row && keyFromRow(row);
  }

  async set(dcId: number, key: StoredAuthKey): Promise<void> {
    const id = checkDcId(dcId);
    const k = checkAuthKey(key);
    this.db.run((db) =>
      db
        .prepare('INSERT OR REPLACE INTO tgts_dcs (dc_id, host, port, auth_key, salt, time_offset) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, k.host ?? null, k.port ?? null, Buffer.from(k.authKey), k.salt?.toString() ?? null, k.timeOffset ?? null),
    );
  }

  async delete(dcId: number): Promise<void> {
    this.db.run((db) => db.prepare('DELETE FROM tgts_dcs WHERE dc_id = ?').run(dcId));
  }

  async list(): Promise<Array<[dcId: number, key: StoredAuthKey]>> {
    const rows = this.db.run((db) => db.prepare('SELECT * FROM tgts_dcs WHERE auth_key IS NOT NULL ORDER BY dc_id').all() as KeyRow[]);
    return rows.map((row) => [row.dc_id, keyFromRow(row)]);
  }
}

const ACCOUNT_KEYS = ['dc_id', 'test_mode', 'user_id', 'user_bot'];

export class SqliteAccount implements AccountRepository {
  constructor(private readonly db: DbAccess) {}

  async get(): Promise<AccountRecord | undefined> {
    const meta = this.db.run((db) => readMeta(db));
    const dcId = meta.get('dc_id');
    if (dcId === undefined) return undefined;
    const account: AccountRecord = { dcId: Number(dcId) };
    const testMode = meta.get('test_mode');
    if (testMode !== undefined) account.testMode = testMode === '1';
    const userId = meta.get('user_id');
    if (userId !== undefined) account.user = { id: Number(userId), bot: meta.get('user_bot') === '1' };
    return account;
  }

  async set(account: AccountRecord): Promise<void> {
    const a = checkAccount(account);
    this.db.run((db) =>
      db.transaction(() => {
        const del = db.prepare('DELETE FROM tgts_meta WHERE key = ?');
        for (const key of ACCOUNT_KEYS) del.run(key);
        const put = db.prepare('INSERT INTO tgts_meta (key, value) VALUES (?, ?)');
        put.run('dc_id', String(a.dcId));
        if (a.testMode !== undefined) put.run('test_mode', a.testMode ? '1' : '0');
        if (a.user) {
          put.run('user_id', String(a.user.id));
          put.run('user_bot', a.user.bot ? '1' : '0');
        }
      })(),
    );
  }

  async delete(): Promise<void> {
    this.db.run((db) => {
      const del = db.prepare('DELETE FROM tgts_meta WHERE key = ?');
      db.transaction(() => ACCOUNT_KEYS.forEach((key) => del.run(key)))();
    });
  }
}

interface PeerRow {
  type: PeerType;
  id: number;
  access_hash: string | null;
  min: number;
  usernames: string;
  phone: string | null;
  bot: number | null;
  seen_in: string | null;
  updated_at: number;
}

function peerFromRow(row: PeerRow): PeerRecord {
  const peer: PeerRecord = { type: row.type, id: row.id, min: row.min === 1, usernames: JSON.parse(row.usernames) as string[], updatedAt: row.updated_at };
  const hash = row.access_hash === null ? undefined : int64FromDecimal(row.access_hash);
  if (hash !== undefined) peer.accessHash = hash;
  if (row.phone !== null) peer.phone = row.phone;
  if (row.bot !== null) peer.bot = row.bot === 1;
  if (row.seen_in !== null) peer.seenIn = JSON.parse(row.seen_in) as PeerRecord['seenIn'] & object;
  return peer;
}

export class SqlitePeers implements PeerRepository {
  constructor(private readonly db: DbAccess) {}

  async get(type: PeerType, id: number): Promise<PeerRecord | undefined> {
    const row = this.db.run((db) => db.prepare('SELECT * FROM tgts_peers WHERE type = ? AND id = ?').get(type, id) as PeerRow | undefined);
    return row && peerFromRow(row);
  }

  async getByUsername(username: string): Promise<PeerRecord | undefined> {
    const row = this.db.run(
      (db) =>
        db
          .prepare('SELECT p.* FROM tgts_usernames u JOIN tgts_peers p ON p.type = u.type AND p.id = u.id WHERE u.username = ?')
          .get(usernameKey(username)) as PeerRow | undefined,
    );
    return row && peerFromRow(row);
  }

  async getByPhone(phone: string): Promise<PeerRecord | undefined> {
    const row = this.db.run(
      (db) =>
        db.prepare('SELECT p.* FROM tgts_phones f JOIN tgts_peers p ON p.type = f.type AND p.id = f.id WHERE f.phone = ?').get(phoneKey(phone)) as
          | PeerRow
          | undefined,
    );
    return row && peerFromRow(row);
  }

  async put(records: readonly PeerRecord[]): Promise<void> {
    const checked = records.map((r, i) => checkPeer(r, `records.${i}`));
    if (checked.length === 0) return;
    this.db.run((db) => {
      const unindex = [db.prepare('DELETE FROM tgts_usernames WHERE type = ? AND id = ?'), db.prepare('DELETE FROM tgts_phones WHERE type = ? AND id = ?')];
      const upsert = db.prepare(
        'INSERT OR REPLACE INTO tgts_peers (type, id, access_hash, min, usernames, phone, bot, seen_in, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const name = db.prepare('INSERT OR REPLACE INTO tgts_usernames (username, type, id) VALUES (?, ?, ?)');
      const phone = db.prepare('INSERT OR REPLACE INTO tgts_phones (phone, type, id) VALUES (?, ?, ?)');
      db.transaction(() => {
        for (const p of checked) {
          for (const stmt of unindex) stmt.run(p.type, p.id);
          upsert.run(
            p.type,
            p.id,
            p.accessHash?.toString() ?? null,
            p.min ? 1 : 0,
            JSON.stringify(p.usernames),
            p.phone ?? null,
            p.bot === undefined ? null : p.bot ? 1 : 0,
            p.seenIn ? JSON.stringify(p.seenIn) : null,
            p.updatedAt,
          );
          for (const u of p.usernames) name.run(u.toLowerCase(), p.type, p.id);
          if (p.phone !== undefined) phone.run(p.phone, p.type, p.id);
        }
      })();
    });
  }

  async delete(type: PeerType, id: number): Promise<void> {
    const t = checkPeerType(type);
    const i = checkPeerId(id, 'id');
    this.db.run((db) =>
      db.transaction(() => {
        db.prepare('DELETE FROM tgts_usernames WHERE type = ? AND id = ?').run(t, i);
        db.prepare('DELETE FROM tgts_phones WHERE type = ? AND id = ?').run(t, i);
        db.prepare('DELETE FROM tgts_peers WHERE type = ? AND id = ?').run(t, i);
      })(),
    );
  }
}

export class SqliteUpdates implements UpdatesStateRepository {
  constructor(private readonly db: DbAccess) {}

  async getCommon(): Promise<CommonUpdatesState | undefined> {
    return this.db.run((db) => db.prepare('SELECT pts, qts, date, seq FROM tgts_updates_common WHERE id = 1').get() as CommonUpdatesState | undefined);
  }

  async setCommon(state: CommonUpdatesState): Promise<void> {
    const s = checkCommonState(state);
    this.db.run((db) => db.prepare('INSERT OR REPLACE INTO tgts_updates_common (id, pts, qts, date, seq) VALUES (1, ?, ?, ?, ?)').run(s.pts, s.qts, s.date, s.seq));
  }

  async getChannel(channelId: number): Promise<number | undefined> {
    return this.db.run((db) => db.prepare('SELECT pts FROM tgts_channel_pts WHERE channel_id = ?').pluck().get(channelId) as number | undefined);
  }

  async listChannels(): Promise<ChannelPosition[]> {
    const rows = this.db.run(
      (db) => db.prepare('SELECT channel_id, pts, top_message_id FROM tgts_channel_pts ORDER BY channel_id').all() as { channel_id: number; pts: number; top_message_id: number }[],
    );
    return rows.map((r) => channelPosition(r.channel_id, r.pts, r.top_message_id));
  }

  async setChannels(entries: ReadonlyArray<Readonly<ChannelPosition>>): Promise<void> {
    const checked = entries.map(([id, pts, top], i) => checkChannelPosition(id, pts, top, `entries.${i}`));
    if (checked.length === 0) return;
    this.db.run((db) => {
      const put = db.prepare('INSERT OR REPLACE INTO tgts_channel_pts (channel_id, pts, top_message_id) VALUES (?, ?, ?)');
      db.transaction(() => checked.forEach(([id, pts, top]) => put.run(id, pts, top ?? 0)))();
    });
  }

  async deleteChannel(channelId: number): Promise<void> {
    this.db.run((db) => db.prepare('DELETE FROM tgts_channel_pts WHERE channel_id = ?').run(channelId));
  }

  async clear(): Promise<void> {
    this.db.run((db) =>
      db.transaction(() => {
        db.exec('DELETE FROM tgts_updates_common');
        db.exec('DELETE FROM tgts_channel_pts');
      })(),
    );
  }
}
