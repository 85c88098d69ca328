/** Random values of the world (access hashes, tokens, hashes). */
import { randomBytes } from 'node:crypto';

/** Random positive 63-bit value (access hashes). */
export function randomLong(): bigint {
  return BigInt.asUintN(63, Buffer.from(randomBytes(8)).readBigUInt64BE(0));
}

/** Random base64url string of `length` characters. */
export function randomToken(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

/** Random bytes as a Uint8Array. */
export function randomBytesU8(n: number): Uint8Array {
  return new Uint8Array(randomBytes(n));
}
