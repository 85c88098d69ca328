/**
 * The `SHA1(data) + data + 0..15 random bytes` framing both sides put inside AES-IGE during the exchange
 * (server_DH_inner_data and client_DH_inner_data).
 */
import { SecurityError, sha1, timingSafeEqual } from '../crypto/index.js';
import { padTo16 } from './derive.js';

/** `SHA1(data) + data`, padded with random bytes to a multiple of 16. */
export function wrapWithHash(data: Uint8Array, random: (n: number) => Uint8Array): Uint8Array {
  const out = new Uint8Array(20 + data.length);
  out.set(sha1(data), 0);
  out.set(data, 20);
  return padTo16(out, random);
}

/**
 * Finds the data inside a decrypted `SHA1(data) + data + padding` buffer: the padding is 0..15 bytes,
 * so at most 16 candidate lengths are tried and the one whose SHA-1 matches wins.
 * Throws `SecurityError(rule)` when none matches (wrong key, tampering, bad padding).
 */
export function unwrapWithHash(decrypted: Uint8Array, rule: string, what: string): Uint8Array {
  if (decrypted.length < 20 + 4 || decrypted.length % 16 !== 0) {
    throw new SecurityError(rule, `${what} has ${decrypted.length} bytes; expected a multiple of 16 holding SHA1 + data`);
  }
  const hash = decrypted.subarray(0, 20);
  const maxLen = decrypted.length - 20;
  for (let pad = 0; pad < 16 && pad <= maxLen; pad++) {
    const data = decrypted.subarray(20, 20 + maxLen - pad);
    if (timingSafeEqual(sha1(data), hash)) return data;
  }
  throw new SecurityError(rule, `SHA1 at the start of ${what} matches none of the possible data lengths (0..15 padding bytes)`);
}
