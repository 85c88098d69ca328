import { SessionError } from '../../errors.js';
import { toBase64 } from '../../encoding.js';
import { strictBase64 } from '../bytes.js';
import { detectForeignSessionFile, ForeignSessionError } from './foreign.js';
import type { SessionData } from './types.js';
import { validateSessionData } from './validate.js';

/** Marker that tells a tgts session file (any version) from any other JSON file. */
export const SESSION_FORMAT = 'tgts-session';

/**
 * Serializes session data to JSON: auth keys as base64, salts as decimal strings (JSON has
 * no 64-bit integers).
 */
export function sessionToJson(data: SessionData): string {
  const dcs: Record<string, Record<string, unknown>> = {};
  for (const [id, dc] of Object.entries(data.dcs)) {
    const out: Record<string, unknown> = {};
    if (dc.host !== undefined) out.host = dc.host;
    if (dc.port !== undefined) out.port = dc.port;
    if (dc.authKey !== undefined) out.authKey = toBase64(dc.authKey);
    if (dc.salt !== undefined) out.salt = dc.salt.toString();
    if (dc.timeOffset !== undefined) out.timeOffset = dc.timeOffset;
    dcs[id] = out;
  }
  const json: Record<string, unknown> = { format: SESSION_FORMAT, version: data.version, dcId: data.dcId };
  if (data.testMode !== undefined) json.testMode = data.testMode;
  if (data.user !== undefined) json.user = { id: data.user.id, bot: data.user.bot };
  json.dcs = dcs;
  return `${JSON.stringify(json, null, 2)}\n`;
}

const DECIMAL = /^-?\d{1,20}$/;

/**
 * `JSON.parse` of a session file's text; text that is not JSON is named as another library's
 * session when it looks like one ({@link ForeignSessionError}), else a {@link SessionError}.
 */
export function parseSessionJson(text: string, file?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const foreign = detectForeignSessionFile(text);
    if (foreign) throw new ForeignSessionError(foreign, file);
    throw new SessionError(`not valid JSON (${(error as Error).message})`, file, undefined, { cause: error });
  }
}

/** Parses {@link sessionToJson} output; throws {@link SessionError} naming `file` and the field. */
export function sessionFromJson(text: string, file?: string): SessionData {
  return sessionFromParsed(parseSessionJson(text, file), file);
}

/** {@link sessionFromJson} over an already parsed file. */
export function sessionFromParsed(parsed: unknown, file?: string): SessionData {
  if (typeof parsed !== 'object' || parsed === null || (parsed as { format?: unknown }).format !== SESSION_FORMAT) {
    throw new SessionError(`not a tgts session file (missing "format": "${SESSION_FORMAT}")`, file, 'format');
  }
  const raw = parsed as Record<string, unknown>;
  if (raw.version === 2) {
    throw new SessionError('this file was written by FileStorage (format version 2): open it with FileStorage', file, 'version');
  }
  // decode the JSON-only encodings, then let the common validator check everything
  if (typeof raw.dcs === 'object' && raw.dcs !== null && !Array.isArray(raw.dcs)) {
    const dcs: Record<string, unknown> = {};
    for (const [id, dc] of Object.entries(raw.dcs as Record<string, unknown>)) {
      if (typeof dc !== 'object' || dc === null) {
        dcs[id] = dc;
        continue;
      }
      const copy: Record<string, unknown> = { ...(dc as Record<string, unknown>) };
      if (copy.authKey !== undefined) {
        const key = strictBase64(copy.authKey);
        if (key === undefined) throw new SessionError('must be a base64 string', file, `dcs.${id}.authKey`);
        copy.authKey = key;
      }
      if (copy.salt !== undefined) {
        if (typeof copy.salt !== 'string' || !DECIMAL.test(copy.salt)) {
          throw new SessionError('must be a decimal string', file, `dcs.${id}.salt`);
        }
        copy.salt = BigInt(copy.salt);
      }
      dcs[id] = copy;
    }
    return validateSessionData({ ...raw, dcs }, file);
  }
  return validateSessionData(raw, file);
}
