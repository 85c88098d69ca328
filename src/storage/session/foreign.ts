/**
 * Recognizes other libraries' session strings and files by their structure, so tgts's own
 * storages can say "this is a Telethon session string" instead of "checksum mismatch". The
 * converters of `tgts/sessions` pick their parser with the same classification.
 *
 * Only structure is checked here (lengths, version bytes, constructor ids); the converters
 * validate every field.
 *
 * @module
 */
import { SessionError } from '../../errors.js';

/** Session formats of other libraries that tgts can convert. */
export type ForeignSessionFormat = 'gramjs' | 'telethon' | 'telethon-sqlite' | 'pyrogram' | 'pyrogram-sqlite' | 'mtcute' | 'tdata';

/** What {@link detectForeignSessionString} found. */
export interface ForeignSessionMatch {
  format: ForeignSessionFormat;
  /** Which layout of that format (`'v1'`, `'2.0'`, `'v3'`, …). */
  variant: string;
  /** Human name: `'Telethon session string'`. */
  label: string;
}

const BASE64_ANY = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Strict base64 → bytes: standard or URL-safe alphabet, padding optional, nothing else
 * (no whitespace inside). Returns undefined for anything that is not base64.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!BASE64_ANY.test(text)) return undefined;
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  if (text.length !== body.length && text.length % 4 !== 0) return undefined; // padding, but wrong amount
  const binary = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const TL_DC_OPTION = 0x18b7a10d;
const AUTH_KEY = 256;

function u16be(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}

function u32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function printableAscii(b: Uint8Array): boolean {
  return b.length > 0 && b.every((c) => c > 0x20 && c < 0x7f);
}

const match = (format: ForeignSessionFormat, variant: string, label: string): ForeignSessionMatch => ({ format, variant, label });

/** `"1" + base64`: GramJS (address string) or Telethon (packed IP), by length and alphabet. */
function versionOneString(body: string): ForeignSessionMatch | undefined {
  const bytes = decodeBase64(body);
  if (!bytes) return undefined;
  const addressLength = bytes.length >= 3 ? u16be(bytes, 1) : 0;
  if (addressLength > 0 && addressLength + 5 + AUTH_KEY === bytes.length && printableAscii(bytes.subarray(3, 3 + addressLength))) {
    return match('gramjs', 'v1', 'GramJS session string');
  }
  if (bytes.length === 1 + 4 + 2 + AUTH_KEY) {
    // GramJS before 1.0 wrote Telethon's IPv4 layout in standard base64; Telethon uses URL-safe.
    if (/[+/]/.test(body)) return match('gramjs', 'v1-ipv4', 'GramJS session string (before 1.0)');
    return match('telethon', 'v1-ipv4', 'Telethon session string');
  }
  if (bytes.length === 1 + 16 + 2 + AUTH_KEY) return match('telethon', 'v1-ipv6', 'Telethon session string');
  return undefined;
}

const PYROGRAM_LAYOUTS: Record<number, string> = {
  [1 + 1 + AUTH_KEY + 4 + 1]: '1.x (32-bit user id)',
  [1 + 1 + AUTH_KEY + 8 + 1]: '1.x (64-bit user id)',
  [1 + 4 + 1 + AUTH_KEY + 8 + 1]: '2.x',
};

function pyrogramString(text: string): ForeignSessionMatch | undefined {
  if (text.startsWith(':')) {
    const bytes = decodeBase64(text.slice(1));
    return bytes?.length === 1 + 1 + 8 + 1 + AUTH_KEY ? match('pyrogram', '0.12-dev', 'Pyrogram session string') : undefined;
  }
  if (text.includes('=')) return undefined; // Pyrogram strips the padding
  const bytes = decodeBase64(text);
  const variant = bytes ? PYROGRAM_LAYOUTS[bytes.length] : undefined;
  return variant === undefined ? undefined : match('pyrogram', variant, 'Pyrogram session string');
}

function mtcuteString(text: string): ForeignSessionMatch | undefined {
  const bytes = decodeBase64(text);
  if (!bytes || bytes.length < 1 + 4 + 12 + 4 + AUTH_KEY) return undefined;
  const version = bytes[0]!;
  const flags = u32le(bytes, 1);
  if (flags & ~7) return undefined;
  if (version === 1 || version === 2) {
    return u32le(bytes, 5) === TL_DC_OPTION ? match('mtcute', `v${version}`, 'mtcute session string') : undefined;
  }
  // v3: the DC is TL bytes wrapping a basic DC option whose own version byte is 1 or 2
  if (version === 3 && bytes[5]! < 254 && (bytes[6] === 1 || bytes[6] === 2)) return match('mtcute', 'v3', 'mtcute session string');
  return undefined;
}

/**
 * Names the library that wrote a session string, when it is GramJS, Telethon, Pyrogram or
 * mtcute (tgts's own strings are not matched here). Surrounding whitespace is ignored.
 */
export function detectForeignSessionString(value: string): ForeignSessionMatch | undefined {
  const text = value.trim();
  if (text.length < 300 || text.length > 2048) return undefined;
  return (text.startsWith('1') ? versionOneString(text.slice(1)) : undefined) ?? pyrogramString(text) ?? mtcuteString(text);
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * Names the library of a SQLite session database from its table names: Telethon (`entities`,
 * `sent_files`) or Pyrogram (`peers`, `sessions` with `api_id`-era tables).
 */
export function detectForeignSessionTables(tables: readonly string[]): ForeignSessionMatch | undefined {
  const has = (name: string) => tables.includes(name);
  if (has('sessions') && has('entities')) return match('telethon-sqlite', 'sqlite', 'Telethon session file (SQLite)');
  if (has('sessions') && has('peers')) return match('pyrogram-sqlite', 'sqlite', 'Pyrogram session file (SQLite)');
  return undefined;
}

/**
 * Names the format of a session file's content: a SQLite database of Telethon or Pyrogram (by
 * the table definitions that SQLite keeps as text in the file), or another library's session
 * string saved as text.
 */
export function detectForeignSessionFile(text: string): ForeignSessionMatch | undefined {
  if (text.startsWith(SQLITE_MAGIC)) {
    const tables = [...text.matchAll(/CREATE TABLE\s+"?(\w+)"?/gi)].map((m) => m[1]!.toLowerCase());
    return detectForeignSessionTables(tables);
  }
  return detectForeignSessionString(text);
}

/**
 * Another library's session was given to a tgts storage. `format` names it; convert it with
 * `importSession()` from `tgts/sessions` or `tgts session import`.
 */
export class ForeignSessionError extends SessionError {
  override name = 'ForeignSessionError';
  /** The format that was recognized. */
  readonly format: ForeignSessionFormat;
  /** Which layout of it. */
  readonly variant: string;

  constructor(found: ForeignSessionMatch, file?: string) {
    super(`this is a ${found.label}; convert it with importSession() from 'tgts/sessions' or \`tgts session import\``, file);
    this.format = found.format;
    this.variant = found.variant;
  }
}
