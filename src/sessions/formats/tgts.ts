/** tgts's own session string and files, as {@link PortableSession}s. */
import { FileSession } from '../../storage/file/session.js';
import { SqliteSession } from '../../storage/sqlite/session.js';
import { StringSession } from '../../storage/session/string.js';
import type { SessionStorage } from '../../storage/session/types.js';
import { SessionFormatError } from '../errors.js';
import { fromSessionData, toSessionData } from '../portable.js';
import type { PortableSession } from '../types.js';

/** Reads a tgts session string (`StringSession`). */
export function parseTgtsSession(text: string): PortableSession {
  return fromSessionData(StringSession.decode(text), { format: 'tgts', variant: 'v1', label: 'tgts session string' });
}

/** Writes a tgts session string (`StringSession`). */
export function writeTgtsSession(session: PortableSession): string {
  return StringSession.encode(toSessionData(session));
}

async function loadFrom(storage: SessionStorage, format: 'tgts-file' | 'tgts-sqlite', path: string): Promise<PortableSession> {
  try {
    const data = await storage.load();
    if (!data) throw new SessionFormatError(format, 'the session is empty (never signed in)', 'authKey', path);
    const label = format === 'tgts-file' ? 'tgts session file' : 'tgts SQLite session';
    return fromSessionData(data, { format, variant: 'v1', label });
  } finally {
    await storage.close?.();
  }
}

/** Reads a tgts JSON session file (`FileSession`). */
export function readTgtsFile(path: string): Promise<PortableSession> {
  return loadFrom(new FileSession(path), 'tgts-file', path);
}

/** Reads a tgts SQLite session (`SqliteSession`). */
export function readTgtsSqlite(path: string): Promise<PortableSession> {
  return loadFrom(new SqliteSession(path), 'tgts-sqlite', path);
}
