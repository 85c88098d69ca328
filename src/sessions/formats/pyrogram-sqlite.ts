/**
 * Pyrogram's `.session` file: a SQLite database (schema versions 1 to 3) with `sessions`
 * (dc_id, [api_id since 2], test_mode, auth_key, date, user_id, is_bot), `peers` (marked id,
 * access_hash, type user|bot|group|channel|supergroup, username, phone_number, last_update_on)
 * and `version`. Pyrogram stores no address: the DCs are Telegram's. Read-only.
 */
import type { PeerRecord, PeerType } from '../../storage/types.js';
import { SessionFormatError } from '../errors.js';
import { oneDcSession } from '../portable.js';
import type { PortableSession } from '../types.js';
import { columnsOf, sqliteNumber, unmarkPeerId, withReadOnlyDatabase } from './sqlite-common.js';

type Row = Record<string, unknown>;

const KINDS: Record<string, PeerType> = { user: 'user', bot: 'user', group: 'chat', channel: 'channel', supergroup: 'channel' };

function peerOf(row: Row): PeerRecord | undefined {
  const kind = typeof row.type === 'string' ? KINDS[row.type] : undefined;
  if (kind === undefined || typeof row.id !== 'bigint') return undefined;
  const { type, id } = unmarkPeerId(row.id);
  if (type !== kind || id === 0n || id > BigInt(Number.MAX_SAFE_INTEGER)) return undefined; // inconsistent row: skip it
  const peer: PeerRecord = { type, id: Number(id), min: false, usernames: [], updatedAt: sqliteNumber(row.last_update_on) ?? 0 };
  if (typeof row.access_hash === 'bigint' && type !== 'chat') peer.accessHash = row.access_hash;
  if (typeof row.username === 'string' && row.username !== '') peer.usernames = [row.username];
  if (type === 'user') peer.bot = row.type === 'bot';
  if (typeof row.phone_number === 'string' && /^\+?\d{5,20}$/.test(row.phone_number)) peer.phone = row.phone_number.replace(/^\+/, '');
  return peer;
}

/** Reads a Pyrogram `.session` file. */
export function readPyrogramSqlite(path: string): PortableSession {
  const fail = (field: string, message: string): never => {
    throw new SessionFormatError('pyrogram-sqlite', message, field, path);
  };
  return withReadOnlyDatabase('pyrogram-sqlite', path, (db, tables) => {
    for (const t of ['version', 'sessions', 'peers']) if (!tables.has(t)) fail('tables', `no '${t}' table`);
    const version = sqliteNumber(db.prepare('SELECT number FROM version').pluck().get()) ?? fail('version', 'the version table is empty');
    const hasApiId = columnsOf(db, 'sessions').has('api_id');
    const rows = db.prepare(`SELECT dc_id, ${hasApiId ? 'api_id, ' : ''}test_mode, auth_key, user_id, is_bot FROM sessions`).all() as Row[];
    if (rows.length !== 1) fail('sessions', `expected one session row, found ${rows.length}`);
    const row = rows[0]!;
    if (!(row.auth_key instanceof Uint8Array) || row.auth_key.length === 0) fail('authKey', 'no auth key (the session never connected)');
    const dcId = sqliteNumber(row.dc_id) ?? fail('dcId', `invalid DC id ${String(row.dc_id)}`);
    const userId = sqliteNumber(row.user_id);
    const apiId = sqliteNumber(row.api_id);
    const peers = (db.prepare('SELECT id, access_hash, type, username, phone_number, last_update_on FROM peers').all() as Row[])
      .map(peerOf)
      .filter((p): p is PeerRecord => p !== undefined);
    return oneDcSession('pyrogram-sqlite', `v${version}`, { id: dcId, authKey: new Uint8Array(row.auth_key as Uint8Array) }, {
      testMode: sqliteNumber(row.test_mode) === 1,
      ...(userId !== undefined && userId > 0 ? { user: { id: userId, bot: sqliteNumber(row.is_bot) === 1 } } : {}),
      ...(apiId !== undefined && apiId > 0 ? { apiId } : {}),
      peers,
    });
  });
}
