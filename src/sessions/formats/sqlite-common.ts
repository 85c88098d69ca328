/** What the SQLite session files of Telethon and Pyrogram share: Bot-API-marked peer ids, read-only opening. */
import Database from 'better-sqlite3';
import type { PeerType } from '../../storage/types.js';
import { SessionFormatError } from '../errors.js';
import type { SessionFormat } from '../types.js';

/** Channels are marked -(10^12 + id), basic chats -id, users unmarked. */
const CHANNEL_MARK = 1_000_000_000_000n;

/** A marked id → kind and bare id. */
export function unmarkPeerId(marked: bigint): { type: PeerType; id: bigint } {
  if (marked >= 0n) return { type: 'user', id: marked };
  if (-marked > CHANNEL_MARK) return { type: 'channel', id: -marked - CHANNEL_MARK };
  return { type: 'chat', id: -marked };
}

/** A SQLite integer (bigint with safe integers on, or a float timestamp) as a number, if it fits. */
export function sqliteNumber(value: unknown): number | undefined {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
  // Telethon stores update_state.date as a float timestamp
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? Math.trunc(value) : undefined;
}

/** Opens a session database read-only (64-bit integers as bigint) and runs `read` on it. */
export function withReadOnlyDatabase<T>(format: SessionFormat, path: string, read: (db: Database.Database, tables: Set<string>) => T): T {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new SessionFormatError(format, `cannot open: ${(error as Error).message}`, undefined, path, { cause: error });
  }
  try {
    db.defaultSafeIntegers(true);
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    return read(db, tables);
  } finally {
    db.close();
  }
}

/** Column names of `table`. */
export function columnsOf(db: Database.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
}
