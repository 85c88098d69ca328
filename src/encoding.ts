/**
 * Byte encodings every layer needs (base64, base64url, hex), in plain TypeScript: the core uses
 * no Node `Buffer`. Decoders are strict and throw `BadArgumentError` naming the offending offset.
 * @module
 */
import { BadArgumentError } from './errors.js';

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
// Both alphabets decode: '+' and '-' are 62, '/' and '_' are 63.
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  DECODE[STD.charCodeAt(i)] = i;
  DECODE[URL_SAFE.charCodeAt(i)] = i;
}

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[v >> 18]! + alphabet[(v >> 12) & 63]! + alphabet[(v >> 6) & 63]! + alphabet[v & 63]!;
  }
  if (i < n) {
    const v = (bytes[i]! << 16) | ((i + 1 < n ? bytes[i + 1]! : 0) << 8);
    out += alphabet[v >> 18]! + alphabet[(v >> 12) & 63]!;
    if (i + 1 < n) out += alphabet[(v >> 6) & 63]!;
    if (pad) out += i + 1 < n ? '=' : '==';
  }
  return out;
}

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  return encode(bytes, STD, true);
}

/** URL-safe base64 without padding (RFC 4648 §5), as Telegram links and Bot API file ids use. */
export function toBase64Url(bytes: Uint8Array): string {
  return encode(bytes, URL_SAFE, false);
}

/**
 * Decodes base64 in either alphabet, padding optional. `field` names the input in errors.
 * @throws BadArgumentError for a character outside the alphabets, misplaced padding or an impossible length.
 */
export function fromBase64(text: string, field = 'base64'): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (text.length - end > 2) throw new BadArgumentError(field, `too much padding at offset ${end}`);
  if (end % 4 === 1) throw new BadArgumentError(field, `${end} base64 characters cannot encode whole bytes`);
  if (end < text.length && text.length % 4 !== 0) throw new BadArgumentError(field, 'padded base64 must be a multiple of 4 characters');
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? DECODE[c]! : -1;
    if (v < 0) throw new BadArgumentError(field, `invalid base64 character ${JSON.stringify(text[i])} at offset ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return out;
}

/** Decodes hex (either case, even length). @throws BadArgumentError naming the bad offset. */
export function fromHex(text: string, field = 'hex'): Uint8Array {
  if (text.length % 2 !== 0) throw new BadArgumentError(field, `odd number of hex digits (${text.length})`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexDigit(text.charCodeAt(2 * i));
    const lo = hexDigit(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new BadArgumentError(field, `invalid hex digit at offset ${hi < 0 ? 2 * i : 2 * i + 1}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Text → UTF-8 bytes. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
