/**
 * Diffie–Hellman helpers for auth key creation and SRP
 * (checks from https://core.telegram.org/mtproto/auth_key, "DH key exchange complete").
 */
import { platform } from '../platform/current.js';
import { toHex } from '../encoding.js';
import { CryptoError, SecurityError } from './errors.js';
import { bigIntToBytes, bytesToBigInt, modPowBigInt } from './bigint.js';
import { isProbablePrime } from './prime.js';

/** The 2048-bit safe prime Telegram servers currently send (dh_prime / SRP p). */
export const TELEGRAM_DH_PRIME_HEX =
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c37' +
  '20fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4' +
  'a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
  'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b';

function stripZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  return b.subarray(i);
}

/**
 * base^exp mod mod, all unsigned big-endian; the result is left-padded to the modulus length.
 * Uses the platform's fast path when it takes the inputs (on Node: OpenSSL, for an odd modulus
 * with 1 < base < mod - 1 and 0 < exp < mod), otherwise BigInt square-and-multiply.
 */
export function modPow(base: Uint8Array, exp: Uint8Array, mod: Uint8Array): Uint8Array {
  const m = stripZeros(mod);
  if (m.length === 0) throw new CryptoError('modPow: modulus is zero');
  const b = bytesToBigInt(base);
  const e = bytesToBigInt(exp);
  const n = bytesToBigInt(m);
  const size = mod.length;
  const fast = platform().crypto.modPow;
  if (fast !== undefined && b > 1n && b < n - 1n && e > 0n && e < n) {
    const y = fast(stripZeros(base), stripZeros(exp), mod);
    if (y !== undefined) return y;
  }
  return bigIntToBytes(modPowBigInt(b, e, n), size);
}

const verifiedPrimes = new Set<string>([TELEGRAM_DH_PRIME_HEX]);

/**
 * Checks a server-supplied DH group: `prime` is a 2048-bit safe prime and `g` (2..7)
 * generates the subgroup of order (p-1)/2. Telegram's known prime is accepted without
 * the (slow) primality tests; other primes are tested once and cached.
 * @throws SecurityError rule `dh_prime_size`, `dh_g_range`, `dh_g_residue` or `dh_prime_not_safe`.
 */
export function checkDhPrime(prime: Uint8Array, g: number): void {
  if (prime.length !== 256 || (prime[0] & 0x80) === 0) {
    throw new SecurityError('dh_prime_size', `dh_prime must be exactly 2048 bits (got ${prime.length} bytes, top byte ${prime[0] ?? 'none'})`);
  }
  if (!Number.isInteger(g) || g < 2 || g > 7) throw new SecurityError('dh_g_range', `g must be an integer in 2..7, got ${g}`);
  const p = bytesToBigInt(prime);
  let ok: boolean;
  switch (g) {
    case 2: ok = p % 8n === 7n; break;
    case 3: ok = p % 3n === 2n; break;
    case 4: ok = true; break;
    case 5: { const r = p % 5n; ok = r === 1n || r === 4n; break; }
    case 6: { const r = p % 24n; ok = r === 19n || r === 23n; break; }
    default: { const r = p % 7n; ok = r === 3n || r === 5n || r === 6n; break; }
  }
  if (!ok) throw new SecurityError('dh_g_residue', `g = ${g} does not generate the subgroup of order (p-1)/2 for this prime`);
  const key = toHex(prime);
  if (verifiedPrimes.has(key)) return;
  if (!isProbablePrime(p) || !isProbablePrime((p - 1n) / 2n)) {
    throw new SecurityError('dh_prime_not_safe', 'dh_prime is not a safe prime (p or (p-1)/2 is composite)');
  }
  verifiedPrimes.add(key);
}

const BOUND = 1n << (2048n - 64n);

/**
 * Checks a DH public value (g_a, g_b, or g^x style values) against its prime:
 * 1 < v < p - 1 and 2^(2048-64) ≤ v ≤ p - 2^(2048-64).
 * @throws SecurityError rule `dh_value_range` or `dh_value_bounds`.
 */
export function checkDhValue(value: Uint8Array, prime: Uint8Array): void {
  const v = bytesToBigInt(value);
  const p = bytesToBigInt(prime);
  if (v <= 1n || v >= p - 1n) throw new SecurityError('dh_value_range', 'DH value must satisfy 1 < v < p - 1');
  if (v < BOUND || v > p - BOUND) {
    throw new SecurityError('dh_value_bounds', 'DH value must satisfy 2^(2048-64) <= v <= p - 2^(2048-64)');
  }
}
