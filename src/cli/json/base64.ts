import { JsonTlError } from './errors.js';

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/** Strict base64 (standard or URL-safe, padding optional) → bytes; `size` checks int128/int256. */
export function bytesFromBase64(text: unknown, path: string, size?: number): Uint8Array {
  const what = size === undefined ? 'bytes' : `int${size * 8} (${size} bytes)`;
  if (typeof text !== 'string') throw new JsonTlError(path, `expected ${what} as a base64 string, got ${describe(text)}`);
  const body = text.replace(/=+$/, '');
  if (!BASE64.test(text) || body.length % 4 === 1) throw new JsonTlError(path, `expected ${what} as a base64 string, got '${clip(text)}'`);
  const bytes = new Uint8Array(Buffer.from(body, 'base64'));
  if (size !== undefined && bytes.length !== size) {
    throw new JsonTlError(path, `expected ${what}, got ${bytes.length} bytes`);
  }
  return bytes;
}

/** Bytes → standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Short human description of a JSON value's kind, for error messages. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string '${clip(v)}'`;
  return `${typeof v} ${String(v)}`;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
