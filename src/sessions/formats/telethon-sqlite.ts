/**
 * Telethon's `.session` file: a SQLite database (schema versions 1 to 7 of Telethon 1.x) with
 * `sessions` (dc_id, server_address, port, auth_key[, takeout_id]), `entities` (marked id,
 * access hash, username, phone, name[, date]) and, from version 4, `update_state` (id 0 is the
 * account's pts/qts/date/seq, other ids are channels). Read-only: the file is never changed.
 */
import type { ChannelPosition, PeerRecord } from '../../storage/types.js';
import { SessionFormatError } from '../errors.js';
import { checkSession } from '../portable.js';
import type { PortableDc, PortableSession } from '../types.js';
import { columnsOf, sqliteNumber as toNumber, unmarkPeerId, withReadOnlyDatabase } from './sqlite-common.js';

type Row = Record<string, unknown>;

function entityToPeer(row: Row, fail: (field: string, message: string) => never): PeerRecord | undefined {
  if (typeof row.id !== 'bigint') fail('entities.id', `expected an integer id, got ${String(row.id)}`);
  const { type, id } = unmarkPeerId(row.id as bigint);
  if (id === 0n || id > BigInt(Number.MAX_SAFE_INTEGER)) return undefined; // not a peer id Telegram issues
  const record: PeerRecord = { type, id: Number(id), min: false, usernames: [], updatedAt: toNumber(row.date) ?? 0 };
  const hash = row.hash;
  if (typeof hash === 'bigint' && type !== 'chat') record.accessHash = hash;
  if (typeof row.username === 'string' && row.username !== '') record.usernames = [row.username];
  if (type === 'user' && row.phone !== null && row.phone !== undefined) {
    const phone = String(row.phone).replace(/^\+/, '');
    if (/^\d{5,20}$/.test(phone)) record.phone = phone;
  }
  return record;
}

/** Reads a Telethon `.session` file. */
export function readTelethonSqlite(path: string): PortableSession {
  const fail = (field: string, message: string): never => {
    throw new SessionFormatError('telethon-sqlite', message, field, path);
  };
  return withReadOnlyDatabase('telethon-sqlite', path, (db, tables) => {
    for (const t of ['version', 'sessions', 'entities']) if (!tables.has(t)) fail('tables', `no '${t}' table`);
    const version = toNumber(db.prepare('SELECT version FROM version').pluck().get());
    if (version === undefined || version < 1) fail('version', 'the version table is empty');
    const sessionColumns = columnsOf(db, 'sessions');
    for (const c of ['dc_id', 'server_address', 'port', 'auth_key']) if (!sessionColumns.has(c)) fail('sessions', `no '${c}' column`);

    const rows = db.prepare('SELECT dc_id, server_address, port, auth_key FROM sessions').all() as Row[];
    const dcs: PortableDc[] = [];
    for (const row of rows) {
      const key = row.auth_key;
      if (!(key instanceof Uint8Array) || key.length === 0) continue; // Telethon writes b'' before the key exchange
      const dc: PortableDc = { id: toNumber(row.dc_id) ?? fail('sessions.dc_id', `invalid DC id ${String(row.dc_id)}`), authKey: new Uint8Array(key) };
      if (typeof row.server_address === 'string' && row.server_address !== '') dc.host = row.server_address;
      const port = toNumber(row.port);
      if (port !== undefined) dc.port = port;
      dcs.push(dc);
    }
    if (dcs.length === 0) fail('authKey', 'no auth key in the sessions table (the session never connected)');

    const peers: PeerRecord[] = [];
    const entityColumns = columnsOf(db, 'entities');
    const pick = ['id', 'hash', 'username', 'phone', ...(entityColumns.has('date') ? ['date'] : [])];
    for (const row of db.prepare(`SELECT ${pick.join(', ')} FROM entities`).all() as Row[]) {
      const peer = entityToPeer(row, fail);
      if (peer) peers.push(peer);
    }

    const session: PortableSession = {
      source: { format: 'telethon-sqlite', variant: `v${version}`, label: 'Telethon session file (SQLite)' },
      dcId: dcs[0]!.id,
      testMode: false,
      dcs,
      peers,
    };
    if (tables.has('update_state')) {
      const channels: ChannelPosition[] = [];
      for (const row of db.prepare('SELECT id, pts, qts, date, seq FROM update_state').all() as Row[]) {
        const [id, pts, qts, date, seq] = [row.id, row.pts, row.qts, row.date, row.seq].map(toNumber);
        if (id === undefined || pts === undefined) continue;
        if (id === 0) session.updates = { channels, common: { pts, qts: qts ?? 0, date: date ?? 0, seq: seq ?? 0 } };
        else channels.push([id, pts]);
      }
      if (channels.length > 0 || session.updates) session.updates = { ...session.updates, channels };
    }
    return checkSession(session, path);
  });
}
