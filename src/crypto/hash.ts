import { createHash, randomFillSync, timingSafeEqual as nodeTimingSafeEqual } from 'node:crypto';

function digest(algo: 'sha1' | 'sha256', parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash(algo);
  for (const p of parts) h.update(p);
  const out = h.digest();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** SHA-1 of the concatenation of `parts`. */
export function sha1(...parts: Uint8Array[]): Uint8Array {
  return digest('sha1', parts);
}

/** SHA-256 of the concatenation of `parts`. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  return digest('sha256', parts);
}

/** `n` cryptographically secure random bytes. */
export function randomBytes(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randomBytes: n must be a non-negative integer, got ${n}`);
  const out = new Uint8Array(n);
  if (n > 0) randomFillSync(out);
  return out;
}

/** Constant-time equality; arrays of different length are simply unequal (the length is not secret). */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return nodeTimingSafeEqual(a, b);
}
