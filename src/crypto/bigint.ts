/** Big-endian byte ↔ bigint helpers (the byte order TL uses for big numbers). */
import { CryptoError } from './errors.js';

/** Unsigned big-endian bytes → bigint (empty → 0n). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return BigInt('0x' + hex);
}

/**
 * Non-negative bigint → big-endian bytes. Without `length`, the minimal encoding (0n → one zero byte);
 * with `length`, left-padded with zeros (CryptoError if it does not fit).
 */
export function bigIntToBytes(n: bigint, length?: number): Uint8Array {
  if (n < 0n) throw new CryptoError(`bigIntToBytes: negative value ${n}`);
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const size = hex.length / 2;
  if (length !== undefined && size > length) {
    throw new CryptoError(`bigIntToBytes: value needs ${size} bytes, more than ${length}`);
  }
  const out = new Uint8Array(length ?? size);
  const off = out.length - size;
  for (let i = 0; i < size; i++) out[off + i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

/** base^exp mod m with BigInt square-and-multiply (reference/fallback; prefer modPow in dh.ts). */
export function modPowBigInt(base: bigint, exp: bigint, mod: bigint): bigint {
  if (mod === 1n) return 0n;
  let result = 1n;
  base %= mod;
  if (base < 0n) base += mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    exp >>= 1n;
    base = (base * base) % mod;
  }
  return result;
}

/** Greatest common divisor of non-negative bigints. */
export function gcdBigInt(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
