/**
 * MTProxy secrets: the 16-byte key `K` and how the client must speak to the proxy.
 * https://core.telegram.org/mtproto/mtproto-transports#transport-obfuscation
 *
 * | decoded bytes          | kind       | client framing                              |
 * |------------------------|------------|---------------------------------------------|
 * | 16                     | `plain`    | obfuscated2 over any codec but full         |
 * | 17, first `0xdd`       | `padded`   | obfuscated2, padded intermediate only       |
 * | ≥ 18, first `0xee`     | `faketls`  | FakeTLS, then obfuscated2 padded intermediate; bytes 17.. are the SNI domain |
 *
 * The kind comes from the decoded bytes, never from the text: base64 text that happens to begin
 * with the letters `ee` is not a FakeTLS secret.
 * @module
 */
import { TransportError } from '../errors.js';
import { fromBase64, fromHex, toBase64Url, toHex, utf8 } from '../../encoding.js';

/** How a client talks to an MTProxy. */
export type MtproxySecretKind = 'plain' | 'padded' | 'faketls';

/** A decoded MTProxy secret. */
export interface MtproxySecret {
  kind: MtproxySecretKind;
  /** The 16-byte key `K` (without the `dd`/`ee` marker or the domain). */
  key: Uint8Array;
  /** FakeTLS only: the domain sent as SNI (1..182 ASCII bytes). */
  domain?: string;
}

/** Longest FakeTLS domain a link may carry (as Telegram's own clients enforce). */
export const MAX_FAKE_TLS_DOMAIN = 182;

function bad(message: string): never {
  throw new TransportError('invalid-options', `proxy secret: ${message}`);
}

/** Classifies decoded secret bytes; throws a message naming what is wrong. */
export function secretFromBytes(raw: Uint8Array): MtproxySecret {
  if (raw.length === 16) return { kind: 'plain', key: raw.slice() };
  if (raw.length === 17) {
    if (raw[0] === 0xee) bad('a FakeTLS secret (0xee + 16 bytes) needs a domain after the key');
    if (raw[0] !== 0xdd) bad(`a 17-byte secret must start with 0xdd (padded intermediate), got 0x${toHex(raw.subarray(0, 1))}`);
    return { kind: 'padded', key: raw.slice(1) };
  }
  if (raw.length >= 18 && raw[0] === 0xee) {
    const domainBytes = raw.subarray(17);
    if (domainBytes.length > MAX_FAKE_TLS_DOMAIN) bad(`FakeTLS domain is ${domainBytes.length} bytes, at most ${MAX_FAKE_TLS_DOMAIN} are allowed`);
    const domain = checkDomain(domainBytes);
    return { kind: 'faketls', key: raw.slice(1, 17), domain };
  }
  if (raw[0] === 0xdd) bad(`${raw.length} bytes starting with 0xdd: a padded secret is exactly 17 bytes (extra bytes appended to the link?)`);
  bad(`${raw.length} bytes: expected 16 (plain), 17 starting with 0xdd, or 0xee + 16 + domain`);
}

function checkDomain(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    // Host names are ASCII letters, digits, '-', '.'; anything else cannot be an SNI host_name.
    const ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x2e;
    if (!ok) bad(`FakeTLS domain contains byte 0x${b.toString(16).padStart(2, '0')}, not a host name character`);
    s += String.fromCharCode(b);
  }
  return s;
}

/**
 * Decodes a secret as people paste it: hex, base64url or standard base64 (padding optional,
 * `%2B %2F %3D` escapes accepted). The first decoding that yields a valid secret wins.
 */
export function parseMtproxySecret(text: string): MtproxySecret {
  if (typeof text !== 'string' || text.length === 0) bad('is empty');
  let s = text.trim();
  if (/%[0-9a-fA-F]{2}/.test(s)) {
    try {
      s = decodeURIComponent(s);
    } catch {
      bad(`'${clip(text)}' has a malformed %-escape`);
    }
  }
  const candidates = [attempt(() => fromHex(s)), attempt(() => fromBase64(s))].filter((c): c is Uint8Array => c !== undefined);
  if (candidates.length === 0) bad(`'${clip(text)}' is neither hex nor base64`);
  let firstError: unknown;
  for (const raw of candidates) {
    try {
      return secretFromBytes(raw);
    } catch (err) {
      firstError ??= err;
    }
  }
  throw firstError;
}

/** The raw bytes of a secret (marker + key + domain). */
export function secretToBytes(secret: MtproxySecret): Uint8Array {
  if (secret.key.length !== 16) bad(`key must be 16 bytes, got ${secret.key.length}`);
  if (secret.kind === 'plain') return secret.key.slice();
  if (secret.kind === 'padded') return Uint8Array.of(0xdd, ...secret.key);
  const domain = secret.domain ?? bad('a FakeTLS secret needs a domain');
  const d = utf8(domain);
  checkDomain(d);
  if (d.length === 0 || d.length > MAX_FAKE_TLS_DOMAIN) bad(`FakeTLS domain must be 1..${MAX_FAKE_TLS_DOMAIN} bytes`);
  const out = new Uint8Array(17 + d.length);
  out[0] = 0xee;
  out.set(secret.key, 1);
  out.set(d, 17);
  return out;
}

/** Text form as Telegram re-encodes it: base64url for FakeTLS secrets, lowercase hex otherwise. */
export function formatMtproxySecret(secret: MtproxySecret): string {
  const raw = secretToBytes(secret);
  return secret.kind === 'faketls' ? toBase64Url(raw) : toHex(raw);
}

function attempt(decode: () => Uint8Array): Uint8Array | undefined {
  try {
    return decode();
  } catch {
    return undefined;
  }
}

function clip(s: string): string {
  return s.length > 48 ? `${s.slice(0, 45)}...` : s;
}
