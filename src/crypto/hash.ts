import { createHash, hash as oneShotHash, randomFillSync, timingSafeEqual as nodeTimingSafeEqual } from 'node:crypto';

// `crypto.hash` (Node ≥ 20.12) hashes one buffer without building a Hash object: much cheaper
// for the small inputs of the per-message KDF. Older runtimes fall back to createHash.
const hasOneShot = typeof oneShotHash === 'function';

function digest(algo: 'sha1' | 'sha256', parts: readonly Uint8Array[]): Uint8Array {
  if (hasOneShot && parts.length === 1) {
    const out = oneShotHash(algo, parts[0]!, 'buffer');
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
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

/** SHA-256 of one buffer (no rest-parameter array on the hot path). @internal */
export function sha256Of(data: Uint8Array): Uint8Array {
  return digest('sha256', [data]);
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
  if (n > POOLED_MAX) {
    randomFillSync(out);
    return out;
  }
  if (poolPos + n > POOL_SIZE) {
    randomFillSync(pool);
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
  return nodeTimingSafeEqual(a, b);
}
