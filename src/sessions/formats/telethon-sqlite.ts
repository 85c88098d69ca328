/**
 * Telethon's `.session` file: a SQLite database (schema versions 1 to 7 of Telethon 1.x) with
 * `sessions` (dc_id, server_address, port, auth_key[, takeout_id]), `entities` (marked id,
 * access hash, username, phone, name[, date]) and, from version 4, `update_state` (id 0 is the
 * account's pts/qts/date/seq, other ids are channels). Read-only: the file is never changed.
 */
import Database from 'better-sqlite3';
import type { PeerRecord, PeerType } from '../../storage/types.js';
import { SessionFormatError } from '../errors.js';
import { checkSession } from '../portable.js';
import type { PortableDc, PortableSession } from '../types.js';

/** Telethon marks channel ids as -(10^12 + id) and basic chats as -id. */
const CHANNEL_MARK = 1_000_000_000_000n;

function unmark(marked: bigint): { type: PeerType; id: bigint } {
  if (marked >= 0n) return { type: 'user', id: marked };
  if (-marked > CHANNEL_MARK) return { type: 'channel', id: -marked - CHANNEL_MARK };
  return { type: 'chat', id: -marked };
}

function columns(db: Database.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
}

type Row = Record<string, unknown>;

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
  // Telethon stores update_state.date as a float timestamp
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? Math.trunc(value) : undefined;
}

function entityToPeer(row: Row, fail: (field: string, message: string) => never): PeerRecord | undefined {
  if (typeof row.id !== 'bigint') fail('entities.id', `expected an integer id, got ${String(row.id)}`);
  const { type, id } = unmark(row.id as bigint);
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
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new SessionFormatError('telethon-sqlite', `cannot open: ${(error as Error).message}`, undefined, path, { cause: error });
  }
  try {
    db.defaultSafeIntegers(true);
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    for (const t of ['version', 'sessions', 'entities']) if (!tables.has(t)) fail('tables', `no '${t}' table`);
    const version = toNumber(db.prepare('SELECT version FROM version').pluck().get());
    if (version === undefined || version < 1) fail('version', 'the version table is empty');
    const sessionColumns = columns(db, 'sessions');
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
    const entityColumns = columns(db, 'entities');
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
      const channels: Array<[number, number]> = [];
      for (const row of db.prepare('SELECT id, pts, qts, date, seq FROM update_state').all() as Row[]) {
        const [id, pts, qts, date, seq] = [row.id, row.pts, row.qts, row.date, row.seq].map(toNumber);
        if (id === undefined || pts === undefined) continue;
        if (id === 0) session.updates = { channels, common: { pts, qts: qts ?? 0, date: date ?? 0, seq: seq ?? 0 } };
        else channels.push([id, pts]);
      }
      if (channels.length > 0 || session.updates) session.updates = { ...session.updates, channels };
    }
    return checkSession(session, path);
  } finally {
    db.close();
  }
}
