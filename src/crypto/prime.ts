/**
 * Primality for DH group checks: the platform's test when it has one (OpenSSL on Node), else
 * Miller–Rabin in BigInt with 64 random bases (error below 2^-128).
 * @module
 */
import { platform } from '../platform/current.js';
import { bigIntToBytes, bytesToBigInt, modPowBigInt } from './bigint.js';
import { randomBytes } from './hash.js';

const SMALL_PRIMES = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n, 43n, 47n, 53n];
const ROUNDS = 64;

/** True when `n` is (with overwhelming probability) prime. */
export function isProbablePrime(n: bigint): boolean {
  if (n < 2n) return false;
  const fast = platform().crypto.isProbablePrime?.(bigIntToBytes(n));
  if (fast !== undefined) return fast;
  for (const p of SMALL_PRIMES) {
    if (n === p) return true;
    if (n % p === 0n) return false;
  }
  let d = n - 1n;
  let r = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    r++;
  }
  const size = bigIntToBytes(n).length;
  for (let i = 0; i < ROUNDS; i++) {
    const a = 2n + (bytesToBigInt(randomBytes(size)) % (n - 3n));
    let x = modPowBigInt(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    let composite = true;
    for (let j = 1; j < r; j++) {
      x = (x * x) % n;
      if (x === n - 1n) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}
