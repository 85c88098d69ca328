/**
 * Hashes, HMAC, PBKDF2 and randomness, from the installed platform (`src/platform`).
 * @module
 */
import { platform } from '../platform/current.js';

/** SHA-1 of the concatenation of `parts`. */
export function sha1(...parts: Uint8Array[]): Uint8Array {
  return platform().crypto.sha1(...parts);
}

/** SHA-256 of the concatenation of `parts`. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  return platform().crypto.sha256(...parts);
}

/** SHA-256 of one buffer (no rest-parameter array on the hot path). @internal */
export function sha256Of(data: Uint8Array): Uint8Array {
  return platform().crypto.sha256(data);
}

/** SHA-512 of the concatenation of `parts`. */
export function sha512(...parts: Uint8Array[]): Uint8Array {
  return platform().crypto.sha512(...parts);
}

/** MD5 of the concatenation of `parts` (upload checksums; not for security). */
export function md5(...parts: Uint8Array[]): Uint8Array {
  return platform().crypto.md5(...parts);
}

/** HMAC-SHA256 of the concatenation of `parts` under `key`. */
export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  return platform().crypto.hmacSha256(key, ...parts);
}

/** PBKDF2-HMAC-SHA512, 64-byte output; runs off the event loop where the platform can. */
export function pbkdf2Sha512(password: Uint8Array, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  return platform().crypto.pbkdf2Sha512(password, salt, iterations);
}

// A call into the CSPRNG costs several microseconds whatever the size, so small requests are
// served from a pool refilled in bulk. Every byte is handed out once and then overwritten.
const POOL_SIZE = 16 * 1024;
/** Requests above this size go to the CSPRNG directly. */
const POOLED_MAX = 1024;
const pool = new Uint8Array(POOL_SIZE);
let poolPos = POOL_SIZE;

/** Fills `out` with cryptographically secure random bytes (pooled for small sizes). */
export function randomFill(out: Uint8Array): Uint8Array {
  const n = out.length;
  if (n === 0) return out;
  if (n > POOLED_MAX) return platform().crypto.randomFill(out);
  if (poolPos + n > POOL_SIZE) {
    platform().crypto.randomFill(pool);
    poolPos = 0;
  }
  const taken = pool.subarray(poolPos, poolPos + n);
  out.set(taken);
  taken.fill(0); // handed out: never again
  poolPos += n;
  return out;
}

/** `n` cryptographically secure random bytes. */
export function randomBytes(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randomBytes: n must be a non-negative integer, got ${n}`);
  return randomFill(new Uint8Array(n));
}

/** Constant-time equality; arrays of different length are simply unequal (the length is not secret). */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
