/**
 * Checks on a {@link PortableSession} (every importer ends with {@link checkSession}) and the
 * bridge to tgts's `SessionData` (what `StringSession`, `FileSession` and `SqliteSession` keep).
 */
import type { DcSession, SessionData } from '../storage/session/types.js';
import { primaryAddress } from './dcs.js';
import { FORMAT_NAMES, SessionFormatError } from './errors.js';
import type { DetectedSession, PortableDc, PortableSession, SessionFormat, StringSessionFormat } from './types.js';

const AUTH_KEY_LENGTH = 256;

/**
 * Validates what an importer produced: DC ids, the primary DC's 256-byte auth key, ports and the
 * user id. Throws {@link SessionFormatError} of the session's source format naming the field.
 */
export function checkSession(session: PortableSession, file?: string): PortableSession {
  const fail = (field: string, message: string): never => {
    throw new SessionFormatError(session.source.format, message, field, file);
  };
  const isDcId = (n: number) => Number.isInteger(n) && n >= 1 && n <= 0xffff;
  if (!isDcId(session.dcId)) fail('dcId', `DC id must be an integer in 1..65535, got ${session.dcId}`);
  const seen = new Set<number>();
  for (const dc of session.dcs) {
    if (!isDcId(dc.id)) fail('dcId', `DC id must be an integer in 1..65535, got ${dc.id}`);
    if (seen.has(dc.id)) fail(`dcs.${dc.id}`, `DC ${dc.id} appears twice`);
    seen.add(dc.id);
    if (dc.authKey !== undefined && dc.authKey.length !== AUTH_KEY_LENGTH) {
      fail('authKey', `auth key of DC ${dc.id} must be ${AUTH_KEY_LENGTH} bytes, got ${dc.authKey.length}`);
    }
    if (dc.authKey?.every((b) => b === 0)) fail('authKey', `auth key of DC ${dc.id} is all zeros (the session was never authorized)`);
    if (dc.port !== undefined && !(Number.isInteger(dc.port) && dc.port >= 1 && dc.port <= 0xffff)) {
      fail('port', `port of DC ${dc.id} must be in 1..65535, got ${dc.port}`);
    }
    if (dc.host !== undefined && dc.host.length === 0) fail('host', `address of DC ${dc.id} is empty`);
  }
  if (!session.dcs.find((d) => d.id === session.dcId)?.authKey) fail('authKey', `no auth key for the primary DC ${session.dcId}`);
  if (session.user && !(Number.isSafeInteger(session.user.id) && session.user.id > 0)) {
    fail('userId', `user id must be a positive safe integer, got ${session.user.id}`);
  }
  return session;
}

/** A session's DCs as tgts `SessionData` (the primary's user and bot flag included when known). */
export function toSessionData(session: PortableSession): SessionData {
  const dcs: Record<number, DcSession> = {};
  for (const dc of session.dcs) {
    const out: DcSession = {};
    if (dc.host !== undefined) out.host = dc.host;
    if (dc.port !== undefined) out.port = dc.port;
    if (dc.authKey !== undefined) out.authKey = Uint8Array.from(dc.authKey);
    if (dc.salt !== undefined) out.salt = dc.salt;
    if (dc.timeOffset !== undefined) out.timeOffset = dc.timeOffset;
    dcs[dc.id] = out;
  }
  const data: SessionData = { version: 1, dcId: session.dcId, dcs };
  if (session.testMode) data.testMode = true;
  if (session.user) data.user = { id: session.user.id, bot: session.user.bot ?? false };
  return data;
}

/** tgts `SessionData` as a {@link PortableSession} (primary DC first). */
export function fromSessionData(data: SessionData, source: DetectedSession): PortableSession {
  const dcs: PortableDc[] = [];
  for (const [key, dc] of Object.entries(data.dcs)) {
    const out: PortableDc = { id: Number(key) };
    if (dc.authKey !== undefined) out.authKey = Uint8Array.from(dc.authKey);
    if (dc.host !== undefined) out.host = dc.host;
    if (dc.port !== undefined) out.port = dc.port;
    if (dc.salt !== undefined) out.salt = dc.salt;
    if (dc.timeOffset !== undefined) out.timeOffset = dc.timeOffset;
    dcs.push(out);
  }
  dcs.sort((a, b) => (a.id === data.dcId ? -1 : b.id === data.dcId ? 1 : a.id - b.id));
  const session: PortableSession = { source, dcId: data.dcId, testMode: data.testMode === true, dcs, peers: [] };
  if (data.user) session.user = { id: data.user.id, bot: data.user.bot };
  return checkSession(session);
}

/** The primary DC of a checked session (with its auth key). */
export function primaryDc(session: PortableSession): PortableDc & { authKey: Uint8Array } {
  const dc = session.dcs.find((d) => d.id === session.dcId);
  if (!dc?.authKey) throw new SessionFormatError(session.source.format, `no auth key for the primary DC ${session.dcId}`, 'authKey');
  return dc as PortableDc & { authKey: Uint8Array };
}

/** A checked session of one DC, as the string formats hold them. */
export function oneDcSession(format: SessionFormat, variant: string, dc: PortableDc, extra: Partial<PortableSession> = {}): PortableSession {
  return checkSession({ source: { format, variant, label: FORMAT_NAMES[format] }, dcId: dc.id, testMode: false, dcs: [dc], peers: [], ...extra });
}

/** What a one-DC string format writes: the primary's id (one byte), key and address. */
export function exportTarget(session: PortableSession, format: StringSessionFormat): { dcId: number; authKey: Uint8Array; host: string; port: number } {
  const dc = primaryDc(session);
  const address = primaryAddress(session);
  if (!address) throw new SessionFormatError(format, `no address known for DC ${session.dcId}`, 'address');
  if (session.dcId > 255) throw new SessionFormatError(format, `DC id ${session.dcId} does not fit one byte`, 'dcId');
  return { dcId: session.dcId, authKey: dc.authKey, ...address };
}
