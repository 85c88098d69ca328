/**
 * Names the format of a session string, file or folder: tgts's own, or GramJS, Telethon,
 * Pyrogram, mtcute, Telegram Desktop.
 */
import { open, stat } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { detectForeignSessionString, detectForeignSessionTables } from '../storage/session/foreign.js';
import { StringSession } from '../storage/session/string.js';
import { FORMAT_NAMES } from './errors.js';
import { findTdataRoot } from './tdata/read.js';
import type { DetectedSession, SessionFormat } from './types.js';

/** A path to a session file or folder (a plain string is a session string). */
export interface SessionPath {
  path: string;
}

const detected = (format: SessionFormat, variant: string): DetectedSession => ({ format, variant, label: FORMAT_NAMES[format] });

/** Names the format of a session string; undefined when no known format matches. */
export function detectSessionString(text: string): DetectedSession | undefined {
  try {
    StringSession.decode(text);
    return detected('tgts', 'v1');
  } catch {
    // not a tgts string: maybe another library's
  }
  return detectForeignSessionString(text);
}

function sqliteTables(path: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  } finally {
    db.close();
  }
}

async function detectFile(path: string): Promise<DetectedSession | undefined> {
  const handle = await open(path, 'r');
  let text: string;
  try {
    const head = new Uint8Array(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    text = new TextDecoder('latin1').decode(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
  if (text.startsWith('SQLite format 3\u0000')) {
    const tables = sqliteTables(path);
    if (tables.includes('tgts_meta')) return detected('tgts-sqlite', 'v1');
    return detectForeignSessionTables(tables);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return /"format"\s*:\s*"tgts-session"/.test(trimmed) ? detected('tgts-file', 'v1') : undefined;
  return detectSessionString(trimmed);
}

/**
 * Names the format of a session: a string (session string), or `{ path }` for a file (tgts JSON or
 * SQLite, Telethon or Pyrogram `.session`, a text file holding a session string) or a folder
 * (Telegram Desktop `tdata`, or the folder containing it). Undefined when nothing matches.
 */
export async function detectSessionFormat(input: string | SessionPath): Promise<DetectedSession | undefined> {
  if (typeof input === 'string') return detectSessionString(input);
  const info = await stat(input.path);
  if (info.isDirectory()) return (await findTdataRoot(input.path)) ? detected('tdata', 'folder') : undefined;
  return detectFile(input.path);
}
