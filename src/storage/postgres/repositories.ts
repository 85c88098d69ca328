/**
 * Auth keys, the account record and the updates state of one account in PostgreSQL (peers are in
 * `peers.ts`). Reads take `$1` = account; writes are fenced (`access.ts`).
 *
 * @module
 */
import type {
  AccountRecord,
  AccountRepository,
  AuthKeyRepository,
  ChannelPosition,
  CommonUpdatesState,
  StoredAuthKey,
  UpdatesStateRepository,
} from '../types.js';
import { channelPosition, checkAccount, checkAuthKey, checkChannelPosition, checkCommonState, checkDcId } from '../validate.js';
import { int8, num, type PgAccess } from './access.js';

interface KeyRow {
  dc_id: number;
  auth_key: Uint8Array;
  salt: string | null;
  time_offset: number | null;
  host: string | null;
  port: number | null;
}

function keyFromRow(row: KeyRow): StoredAuthKey {
  const key: StoredAuthKey = { authKey: new Uint8Array(row.auth_key) };
  if (row.salt !== null) key.salt = BigInt(row.salt);
  if (row.time_offset !== null) key.timeOffset = row.time_offset;
  if (row.host !== null) key.host = row.host;
  if (row.port !== null) key.port = row.port;
  return key;
}

const KEY_COLUMNS = 'dc_id, auth_key, salt::text, time_offset, host, port';

export class PgAuthKeys implements AuthKeyRepository {
  constructor(private readonly db: PgAccess) {}

  async get(dcId: number): Promise<StoredAuthKey | undefined> {
    const [row] = await this.db.read<KeyRow>('tgts1_key_get', `SELECT ${KEY_COLUMNS} FROM tgts_auth_keys WHERE account = $1 AND dc_id = $2`, [dcId]);
    return row && keyFromRow(row);
  }

  async set(dcId: number, key: StoredAuthKey): Promise<void> {
    const id = checkDcId(dcId);
    const k = checkAuthKey(key);
    await this.db.write(
      'tgts1_key_set',
      `, w AS (INSERT INTO tgts_auth_keys (account, dc_id, auth_key, salt, time_offset, host, port)
        SELECT $1, $3::integer, $4::bytea, $5::bigint, $6::integer, $7::text, $8::integer FROM lease
        ON CONFLICT (account, dc_id) DO UPDATE SET auth_key = excluded.auth_key, salt = excluded.salt,
          time_offset = excluded.time_offset, host = excluded.host, port = excluded.port)`,
      [id, k.authKey, int8(k.salt), k.timeOffset ?? null, k.host ?? null, k.port ?? null],
    );
  }

  async delete(dcId: number): Promise<void> {
    await this.db.write('tgts1_key_delete', ', w AS (DELETE FROM tgts_auth_keys k USING lease WHERE k.account = $1 AND k.dc_id = $3::integer)', [dcId]);
  }

  async list(): Promise<Array<[dcId: number, key: StoredAuthKey]>> {
    const rows = await this.db.read<KeyRow>('tgts1_key_list', `SELECT ${KEY_COLUMNS} FROM tgts_auth_keys WHERE account = $1 ORDER BY dc_id`, []);
    return rows.map((row) => [row.dc_id, keyFromRow(row)]);
  }
}

interface AccountRow {
  dc_id: number;
  test_mode: boolean | null;
  user_id: string | null;
  user_bot: boolean | null;
}

export class PgAccount implements AccountRepository {
  constructor(private readonly db: PgAccess) {}

  async get(): Promise<AccountRecord | undefined> {
    const [row] = await this.db.read<AccountRow>('tgts1_account_get', 'SELECT dc_id, test_mode, user_id::text, user_bot FROM tgts_accounts WHERE account = $1', []);
    if (!row) return undefined;
    const account: AccountRecord = { dcId: row.dc_id };
    if (row.test_mode !== null) account.testMode = row.test_mode;
    if (row.user_id !== null) account.user = { id: num(row.user_id), bot: row.user_bot === true };
    return account;
  }

  async set(account: AccountRecord): Promise<void> {
    const a = checkAccount(account);
    await this.db.write(
      'tgts1_account_set',
      `, w AS (INSERT INTO tgts_accounts (account, dc_id, test_mode, user_id, user_bot)
        SELECT $1, $3::integer, $4::boolean, $5::bigint, $6::boolean FROM lease
        ON CONFLICT (account) DO UPDATE SET dc_id = excluded.dc_id, test_mode = excluded.test_mode,
          user_id = excluded.user_id, user_bot = excluded.user_bot)`,
      [a.dcId, a.testMode ?? null, int8(a.user?.id), a.user?.bot ?? null],
    );
  }

  async delete(): Promise<void> {
    await this.db.write('tgts1_account_delete', ', w AS (DELETE FROM tgts_accounts a USING lease WHERE a.account = $1)', []);
  }
}

export class PgUpdates implements UpdatesStateRepository {
  constructor(private readonly db: PgAccess) {}

  async getCommon(): Promise<CommonUpdatesState | undefined> {
    const [row] = await this.db.read<CommonUpdatesState>('tgts1_common_get', 'SELECT pts, qts, date, seq FROM tgts_updates_common WHERE account = $1', []);
    return row && { pts: row.pts, qts: row.qts, date: row.date, seq: row.seq };
  }

  async setCommon(state: CommonUpdatesState): Promise<void> {
    const s = checkCommonState(state);
    await this.db.write(
      'tgts1_common_set',
      `, w AS (INSERT INTO tgts_updates_common (account, pts, qts, date, seq)
        SELECT $1, $3::integer, $4::integer, $5::integer, $6::integer FROM lease
        ON CONFLICT (account) DO UPDATE SET pts = excluded.pts, qts = excluded.qts, date = excluded.date, seq = excluded.seq)`,
      [s.pts, s.qts, s.date, s.seq],
    );
  }

  async getChannel(channelId: number): Promise<number | undefined> {
    const [row] = await this.db.read<{ pts: number }>('tgts1_channel_get', 'SELECT pts FROM tgts_channel_pts WHERE account = $1 AND channel_id = $2::bigint', [
      int8(channelId),
    ]);
    return row?.pts;
  }

  async listChannels(): Promise<ChannelPosition[]> {
    const rows = await this.db.read<{ channel_id: string; pts: number; top_message_id: number }>(
      'tgts2_channel_list',
      'SELECT channel_id::text, pts, top_message_id FROM tgts_channel_pts WHERE account = $1 ORDER BY channel_id',
      [],
    );
    return rows.map((r) => channelPosition(num(r.channel_id), r.pts, r.top_message_id));
  }

  async setChannels(entries: ReadonlyArray<Readonly<ChannelPosition>>): Promise<void> {
    const checked = entries.map(([id, pts, top], i) => checkChannelPosition(id, pts, top, `entries.${i}`));
    if (checked.length === 0) return this.db.check(); // nothing to write, but a closed or lost storage still says so
    const last = new Map(checked.map((p) => [p[0], p])); // one row per channel (the last position given), as in one-by-one storing
    const rows = [...last.values()];
    await this.db.write(
      'tgts2_channel_set',
      `, w AS (INSERT INTO tgts_channel_pts (account, channel_id, pts, top_message_id)
        SELECT $1, c.id, c.pts, c.top FROM lease, unnest($3::bigint[], $4::integer[], $5::integer[]) AS c(id, pts, top)
        ON CONFLICT (account, channel_id) DO UPDATE SET pts = excluded.pts, top_message_id = excluded.top_message_id)`,
      [rows.map(([id]) => String(id)), rows.map(([, pts]) => pts), rows.map(([, , top]) => top ?? 0)],
    );
  }

  async deleteChannel(channelId: number): Promise<void> {
    await this.db.write('tgts1_channel_delete', ', w AS (DELETE FROM tgts_channel_pts c USING lease WHERE c.account = $1 AND c.channel_id = $3::bigint)', [
      int8(channelId),
    ]);
  }

  async clear(): Promise<void> {
    await this.db.write(
      'tgts1_updates_clear',
      `, w1 AS (DELETE FROM tgts_updates_common c USING lease WHERE c.account = $1),
         w2 AS (DELETE FROM tgts_channel_pts c USING lease WHERE c.account = $1)`,
      [],
    );
  }
}
