/**
 * Pyrogram session strings: URL-safe base64 without padding of a Python `struct` layout. Every
 * layout Pyrogram has written:
 * - `2.x` (since 2.0, 2022): `>BI?256sQ?` dc_id, api_id, test_mode, auth key, user_id, is_bot;
 * - `1.x (64-bit user id)` (1.3, 2021): `>B?256sQ?`;
 * - `1.x (32-bit user id)` (0.16 to 1.x, 2019–2021): `>B?256sI?`;
 * - `0.12-dev` (development builds of 2019): ":" + `<B?q?256s` (little-endian, user id first).
 * Pyrogram stores no address: DCs are Telegram's (production or test).
 */
import { ByteReader, ByteWriter, decodeBase64, encodeBase64 } from '../bytes.js';
import { SessionFormatError } from '../errors.js';
import { oneDcSession, primaryDc } from '../portable.js';
import type { PortableSession } from '../types.js';

const KEY = 256;
const MAX_OLD_USER_ID = 2 ** 31 - 1; // Pyrogram 1.x switched to the 64-bit layout above this

/** Layouts {@link writePyrogramSession} can write. */
export type PyrogramVariant = '2.x' | '1.x';

function userId(r: ByteReader, raw: bigint): number | undefined {
  if (raw === 0n) return undefined; // Pyrogram writes 0 before sign-in
  if (raw < 0n || raw > BigInt(Number.MAX_SAFE_INTEGER)) r.fail('userId', `user id ${raw} is out of range`);
  return Number(raw);
}

/** Reads a Pyrogram session string of any layout. */
export function parsePyrogramSession(text: string): PortableSession {
  const value = text.trim();
  const dev = value.startsWith(':');
  const bytes = decodeBase64(dev ? value.slice(1) : value);
  if (!bytes) throw new SessionFormatError('pyrogram', 'not valid URL-safe base64', 'encoding');
  const r = new ByteReader(bytes, 'pyrogram');
  let dcId: number;
  let testMode: boolean;
  let authKey: Uint8Array;
  let id: number | undefined;
  let bot: boolean;
  let apiId: number | undefined;
  let variant: string;
  if (dev) {
    if (bytes.length !== 267) r.fail('length', `expected 267 bytes after ":", got ${bytes.length}`);
    variant = '0.12-dev';
    dcId = r.u8('dcId');
    testMode = r.pyBool('testMode');
    id = userId(r, r.i64le('userId'));
    bot = r.pyBool('isBot');
    authKey = r.take(KEY, 'authKey');
  } else {
    const layouts: Record<number, string> = { 263: '1.x (32-bit user id)', 267: '1.x (64-bit user id)', 271: '2.x' };
    const found = layouts[bytes.length];
    if (found === undefined) r.fail('length', `expected 263, 267 or 271 bytes, got ${bytes.length}`);
    variant = found;
    dcId = r.u8('dcId');
    if (bytes.length === 271) apiId = r.u32be('apiId');
    testMode = r.pyBool('testMode');
    authKey = r.take(KEY, 'authKey');
    id = userId(r, bytes.length === 263 ? BigInt(r.u32be('userId')) : r.u64be('userId'));
    bot = r.pyBool('isBot');
  }
  r.end();
  return oneDcSession('pyrogram', variant, { id: dcId, authKey }, {
    testMode,
    ...(id !== undefined ? { user: { id, bot } } : {}),
    ...(apiId !== undefined && apiId !== 0 ? { apiId } : {}),
  });
}

/**
 * Writes a Pyrogram session string: `2.x` by default (with `apiId`, else the session's, else 0),
 * or the `1.x` layout older Pyrogram versions read. Pyrogram needs the user id.
 */
export function writePyrogramSession(session: PortableSession, options: { apiId?: number; variant?: PyrogramVariant } = {}): string {
  const dc = primaryDc(session);
  const user = session.user;
  if (!user) {
    throw new SessionFormatError('pyrogram', 'Pyrogram session strings carry the user id, and this session does not know it (set session.user, or sign in once with tgts)', 'userId');
  }
  if (session.dcId > 255) throw new SessionFormatError('pyrogram', `DC id ${session.dcId} does not fit one byte`, 'dcId');
  const w = new ByteWriter().u8(session.dcId);
  if ((options.variant ?? '2.x') === '2.x') {
    const apiId = options.apiId ?? session.apiId ?? 0;
    if (!Number.isInteger(apiId) || apiId < 0 || apiId > 0xffffffff) throw new SessionFormatError('pyrogram', `api id must fit 32 bits, got ${apiId}`, 'apiId');
    w.u32be(apiId).u8(session.testMode ? 1 : 0).bytes(dc.authKey).u64be(BigInt(user.id));
  } else {
    w.u8(session.testMode ? 1 : 0).bytes(dc.authKey);
    if (user.id < MAX_OLD_USER_ID) w.u32be(user.id);
    else w.u64be(BigInt(user.id));
  }
  w.u8(user.bot ? 1 : 0);
  return encodeBase64(w.result(), { url: true, pad: false });
}
