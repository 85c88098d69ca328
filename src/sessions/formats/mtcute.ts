/**
 * mtcute session strings: URL-safe base64 without padding; byte 0 is the version, then TL
 * little-endian fields. Every version mtcute has written:
 * - v3 (since 2024): flags i32 (1 self, 2 test mode, 4 separate media DC), the DC(s) as TL `bytes`
 *   wrapping a basic DC option (u8 version 1|2, u8 id, u8 flags 1 IPv6 / 2 media / 4 test,
 *   TL string address, i32 port), [self: int53 user id, Bool bot], auth key as TL `bytes`;
 * - v2 (2023–2024): the same with the DC(s) as TL `dcOption` objects; the first releases wrote
 *   the media DC without setting flag 4, so a second `dcOption` is recognized by its constructor;
 * - v1 (2021–2023): one `dcOption`, no media DC; before November 2021 the user id was an int32
 *   and there was no test-mode flag.
 */
import { ByteReader, ByteWriter, decodeBase64, encodeBase64 } from '../bytes.js';
import { SessionFormatError } from '../errors.js';
import { exportTarget, oneDcSession } from '../portable.js';
import type { PortableSession } from '../types.js';

const TL_DC_OPTION = 0x18b7a10d;
const DC_OPTION_SECRET = 1 << 10;
const FLAG_SELF = 1;
const FLAG_TEST = 2;
const FLAG_MEDIA = 4;
const KEY_TL_LENGTH = 4 + 256;

interface DcOption {
  id: number;
  host: string;
  port: number;
  testMode: boolean;
}

function tlDcOption(r: ByteReader, field: string): DcOption {
  const ctor = r.u32le(field);
  if (ctor !== TL_DC_OPTION) r.fail(field, `expected a dcOption (0x18b7a10d), got constructor 0x${ctor.toString(16)}`);
  const flags = r.u32le(`${field}.flags`);
  const id = r.i32le(`${field}.id`);
  const host = r.tlString(`${field}.ipAddress`);
  const port = r.i32le(`${field}.port`);
  if (flags & DC_OPTION_SECRET) r.tlBytes(`${field}.secret`);
  return { id, host, port, testMode: false };
}

function basicDcOption(r: ByteReader, field: string): DcOption {
  const inner = new ByteReader(r.tlBytes(field), 'mtcute');
  const version = inner.u8(`${field}.version`);
  if (version !== 1 && version !== 2) inner.fail(`${field}.version`, `unknown DC option version ${version}`);
  const id = inner.u8(`${field}.id`);
  const flags = inner.u8(`${field}.flags`);
  const host = inner.tlString(`${field}.ipAddress`);
  const port = inner.i32le(`${field}.port`);
  inner.end('DC option');
  return { id, host, port, testMode: version === 2 && (flags & 4) !== 0 };
}

/** Reads an mtcute session string of any version. */
export function parseMtcuteSession(text: string): PortableSession {
  const bytes = decodeBase64(text.trim());
  if (!bytes) throw new SessionFormatError('mtcute', 'not valid URL-safe base64', 'encoding');
  const r = new ByteReader(bytes, 'mtcute');
  const version = r.u8('version');
  if (version < 1 || version > 3) r.fail('version', `unknown version ${version}, expected 1, 2 or 3`);
  const flags = r.i32le('flags');
  if (flags & ~(FLAG_SELF | FLAG_TEST | FLAG_MEDIA)) r.fail('flags', `unknown flags 0x${flags.toString(16)}`);
  const readDc = version === 3 ? basicDcOption : tlDcOption;
  const main = readDc(r, 'primaryDc');
  const hasMedia = version >= 2 && ((flags & FLAG_MEDIA) !== 0 || (version === 2 && r.peekU32le() === TL_DC_OPTION));
  const media = hasMedia ? readDc(r, 'primaryMediaDc') : main;
  if (media.id !== main.id) r.fail('primaryMediaDc', `media DC ${media.id} differs from the primary DC ${main.id}`);
  let user: { id: number; bot: boolean } | undefined;
  if (flags & FLAG_SELF) {
    // v1 before November 2021 wrote an int32 user id: what remains after it tells them apart
    const wide = version > 1 || r.remaining === 8 + 4 + KEY_TL_LENGTH;
    const id = wide ? r.i64le('userId') : BigInt(r.i32le('userId'));
    if (id <= 0n || id > BigInt(Number.MAX_SAFE_INTEGER)) r.fail('userId', `user id ${id} is out of range`);
    user = { id: Number(id), bot: r.tlBool('isBot') };
  }
  const authKey = r.tlBytes('authKey');
  r.end();
  return oneDcSession('mtcute', `v${version}`, { id: main.id, authKey, host: main.host, port: main.port }, {
    testMode: (flags & FLAG_TEST) !== 0 || main.testMode,
    ...(user ? { user } : {}),
  });
}

function writeBasicDcOption(dc: DcOption): Uint8Array {
  const flags = (dc.host.includes(':') ? 1 : 0) | (dc.testMode ? 4 : 0);
  return new ByteWriter().u8(2).u8(dc.id).u8(flags).tlString(dc.host).i32le(dc.port).result();
}

/** Writes an mtcute v3 session string (what mtcute 0.30 reads). */
export function writeMtcuteSession(session: PortableSession): string {
  const { dcId, authKey, host, port } = exportTarget(session, 'mtcute');
  const w = new ByteWriter().u8(3).i32le(session.user ? FLAG_SELF : 0);
  w.tlBytes(writeBasicDcOption({ id: dcId, host, port, testMode: session.testMode }));
  if (session.user) w.i64le(BigInt(session.user.id)).tlBool(session.user.bot ?? false);
  w.tlBytes(authKey);
  return encodeBase64(w.result(), { url: true, pad: false });
}
