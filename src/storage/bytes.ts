/**
 * Value helpers of the storage layer: decimal strings for signed 64-bit values (JSON has no 64-bit
 * integers), strict base64 for stored bytes (on top of `src/encoding.ts`), UTF-8 lengths.
 *
 * @module
 */
import { fromBase64 } from '../encoding.js';

const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes standard, padded base64 (what the storages write); `undefined` for anything else. */
export function strictBase64(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !STRICT_BASE64.test(text)) return undefined;
  return fromBase64(text);
}

const DECIMAL = /^-?\d{1,20}$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A signed 64-bit value from its decimal string; `undefined` when malformed or out of range. */
export function int64FromDecimal(text: unknown): bigint | undefined {
  if (typeof text !== 'string' || !DECIMAL.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/** True for a bigint in the signed 64-bit range. */
export function isInt64(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX;
}

/** UTF-8 length of a string. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
