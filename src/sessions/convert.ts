/**
 * `importSession` / `exportSession`: one entry for every format, choosing the converter by
 * detection (or by the format the caller names).
 */
import { readFile } from 'node:fs/promises';
import { detectSessionFormat, detectSessionString, type SessionPath } from './detect.js';
import { SessionFormatError } from './errors.js';
import { parseGramjsSession, writeGramjsSession } from './formats/gramjs.js';
import { parseMtcuteSession, writeMtcuteSession } from './formats/mtcute.js';
import { parsePyrogramSession, writePyrogramSession, type PyrogramVariant } from './formats/pyrogram.js';
import { readPyrogramSqlite } from './formats/pyrogram-sqlite.js';
import { readTelethonSqlite } from './formats/telethon-sqlite.js';
import { parseTelethonSession, writeTelethonSession } from './formats/telethon-string.js';
import { parseTgtsSession, readTgtsFile, readTgtsSqlite, writeTgtsSession } from './formats/tgts.js';
import { readTdata } from './tdata/read.js';
import type { PortableSession, SessionFormat, StringSessionFormat } from './types.js';

const STRING_PARSERS: Record<StringSessionFormat, (text: string) => PortableSession> = {
  tgts: parseTgtsSession,
  gramjs: parseGramjsSession,
  telethon: parseTelethonSession,
  pyrogram: parsePyrogramSession,
  mtcute: parseMtcuteSession,
};

function isStringFormat(format: SessionFormat): format is StringSessionFormat {
  return Object.hasOwn(STRING_PARSERS, format);
}

/**
 * Reads a session string of any known format (or of `format`). Throws
 * {@link SessionFormatError} when no format matches or the string is malformed.
 */
export function parseSessionString(text: string, format?: StringSessionFormat): PortableSession {
  if (typeof text !== 'string') throw new SessionFormatError(undefined, 'a session string must be a string', 'input');
  const chosen = format ?? detectSessionString(text)?.format;
  if (chosen === undefined) {
    throw new SessionFormatError(undefined, 'not a session string of tgts, GramJS, Telethon, Pyrogram or mtcute (checked lengths, prefixes and versions)', 'input');
  }
  if (!isStringFormat(chosen)) throw new SessionFormatError(chosen, 'is a file format, not a string', 'format');
  return STRING_PARSERS[chosen](text);
}

/** Options of {@link importSession}. */
export interface ImportSessionOptions {
  /** Skip detection and read this format. */
  format?: SessionFormat;
  /** tdata: the local passcode. */
  passcode?: string | Uint8Array;
  /** tdata: which account (index) to import; default the first. */
  account?: number;
}

/**
 * Reads a session of any supported format into a {@link PortableSession}: a session string, or
 * `{ path }` for a file or folder (tgts JSON/SQLite, Telethon or Pyrogram `.session`, Telegram Desktop
 * `tdata`, a text file holding a session string).
 *
 * @example
 * const session = await importSession(process.env.TELETHON_SESSION!);
 * const storage = new FileStorage('bot.session');
 * await sessionToStorage(session, storage);
 */
export async function importSession(input: string | SessionPath, options: ImportSessionOptions = {}): Promise<PortableSession> {
  if (typeof input === 'string') {
    if (options.format !== undefined && !isStringFormat(options.format)) {
      throw new SessionFormatError(options.format, 'is read from a file or folder: pass { path }', 'format');
    }
    return parseSessionString(input, options.format);
  }
  const format = options.format ?? (await detectSessionFormat(input))?.format;
  if (format === undefined) throw new SessionFormatError(undefined, 'not a session file or folder of any supported format', 'input', input.path);
  switch (format) {
    case 'tdata':
      return readTdata(input.path, options);
    case 'telethon-sqlite':
      return readTelethonSqlite(input.path);
    case 'tgts-file':
      return readTgtsFile(input.path);
    case 'tgts-sqlite':
      return readTgtsSqlite(input.path);
    case 'pyrogram-sqlite':
      return readPyrogramSqlite(input.path);
    default:
      return STRING_PARSERS[format]((await readFile(input.path, 'utf8')).trim());
  }
}

/** Options of {@link exportSession}. */
export interface ExportSessionOptions {
  /** Pyrogram: the app id to record (default the session's, else 0). */
  apiId?: number;
  /** Pyrogram: `'2.x'` (default) or the `'1.x'` layout. */
  pyrogramVariant?: PyrogramVariant;
}

/**
 * Writes a session as a session string of `format`. Throws {@link SessionFormatError} when the
 * format cannot hold the session (Telethon needs an IP address, Pyrogram the user id, GramJS a
 * port below 32768).
 */
export function exportSession(session: PortableSession, format: StringSessionFormat, options: ExportSessionOptions = {}): string {
  switch (format) {
    case 'tgts':
      return writeTgtsSession(session);
    case 'gramjs':
      return writeGramjsSession(session);
    case 'telethon':
      return writeTelethonSession(session);
    case 'pyrogram':
      return writePyrogramSession(session, { ...(options.apiId !== undefined ? { apiId: options.apiId } : {}), ...(options.pyrogramVariant ? { variant: options.pyrogramVariant } : {}) });
    case 'mtcute':
      return writeMtcuteSession(session);
    default:
      throw new SessionFormatError(undefined, `cannot export to '${String(format)}' (choose tgts, gramjs, telethon, pyrogram or mtcute)`, 'format');
  }
}
