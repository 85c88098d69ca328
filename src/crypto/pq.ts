/**
 * Factorisation of the `pq` from resPQ (a product of two primes below 2^32).
 *
 * Fast path: SQUFOF (Shanks's square forms) in plain double arithmetic — for pq < 2^64
 * every value it touches stays below 2^35, so it runs without BigInt and needs only
 * ~N^(1/4) cheap steps. Fallback for anything SQUFOF does not crack: Pollard–Brent on BigInt.
 */
import { CryptoError } from './errors.js';
import { gcdBigInt } from './bigint.js';

const MULTIPLIERS = [1, 3, 5, 7, 11, 15, 21, 33, 35, 55, 77, 105, 165, 231, 385, 1155];
const SMALL_PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];

// Quadratic residues mod 64: a cheap pre-filter before Math.sqrt.
const SQUARE_MOD64 = new Uint8Array(64);
for (let i = 0; i < 64; i++) SQUARE_MOD64[(i * i) % 64] = 1;

function isqrtBig(n: bigint): bigint {
  if (n < 2n) return n;
  // Newton from a float estimate (good to ~2^-50 relative), then fix up.
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

function exactSqrt(q: number): number {
  if (!SQUARE_MOD64[q & 63]) return -1;
  const r = Math.round(Math.sqrt(q));
  return r * r === q ? r : -1;
}

/** One SQUFOF attempt with multiplier k; returns a nontrivial factor of n or 0n. */
function squfof(n: bigint, k: number, maxSteps: number): bigint {
  const kn = n * BigInt(k);
  const p0b = isqrtBig(kn);
  const p0 = Number(p0b);
  let qPrev = 1;
  let q = Number(kn - p0b * p0b);
  if (q === 0) return 0n; // kn is a perfect square
  let pPrev = p0;
  for (let i = 1; i < maxSteps; i++) {
    // The partial quotient is 1 about 40% of the time and small most of the time:
    // avoid the (slow) float division for those.
    const num = p0 + pPrev;
    const b = num < 2 * q ? 1 : num < 3 * q ? 2 : Math.floor(num / q);
    const p = b * q - pPrev;
    const qNext = qPrev + b * (pPrev - p);
    qPrev = q;
    q = qNext;
    pPrev = p;
    if ((i & 1) === 1) {
      // after this step q is Q_(i+1) with i+1 even
      const r = exactSqrt(q);
      if (r > 0) {
        const f = reverseCycle(n, kn, p0, pPrev, r, maxSteps);
        if (f !== 0n) return f;
      }
    }
  }
  return 0n;
}

/** Second SQUFOF phase: from the square form, walk until P repeats; gcd(n, P) is the factor. */
function reverseCycle(n: bigint, kn: bigint, p0: number, pLast: number, r: number, maxSteps: number): bigint {
  const b0 = Math.floor((p0 - pLast) / r);
  let pPrev = b0 * r + pLast;
  let qPrev = r;
  const pb = BigInt(pPrev);
  let q = Number((kn - pb * pb) / BigInt(r));
  if (q === 0) return 0n;
  for (let i = 0; i < maxSteps; i++) {
    const b = Math.floor((p0 + pPrev) / q);
    const p = b * q - pPrev;
    if (p === pPrev) break;
    const qNext = qPrev + b * (pPrev - p);
    qPrev = q;
    q = qNext;
    pPrev = p;
  }
  const f = gcdBigInt(n, BigInt(pPrev));
  return f !== 1n && f !== n ? f : 0n;
}

function mulMod(a: bigint, b: bigint, m: bigint): bigint {
  return (a * b) % m;
}

/** Pollard–Brent with batched gcd on BigInt: slower, but works for any composite. */
function pollardBrent(n: bigint): bigint {
  for (let c = 1n; c < 64n; c++) {
    let y = 2n;
    let x = y;
    let g = 1n;
    let r = 1;
    let q = 1n;
    let ys = y;
    const m = 128;
    while (g === 1n) {
      x = y;
      for (let i = 0; i < r; i++) y = (mulMod(y, y, n) + c) % n;
      for (let k = 0; k < r && g === 1n; k += m) {
        ys = y;
        const lim = Math.min(m, r - k);
        for (let i = 0; i < lim; i++) {
          y = (mulMod(y, y, n) + c) % n;
          q = mulMod(q, x > y ? x - y : y - x, n);
        }
        g = gcdBigInt(q, n);
      }
      r *= 2;
      if (r > 1 << 26) break;
    }
    if (g === n) {
      // the batch overshot: step back one at a time
      do {
        ys = (mulMod(ys, ys, n) + c) % n;
        g = gcdBigInt(x > ys ? x - ys : ys - x, n);
      } while (g === 1n);
    }
    if (g !== n && g !== 1n) return g;
  }
  return 0n;
}

function isProbablePrime(n: bigint): boolean {
  if (n < 2n) return false;
  for (const p of SMALL_PRIMES) {
    if (n === BigInt(p)) return true;
    if (n % BigInt(p) === 0n) return false;
  }
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  // These bases make Miller–Rabin deterministic below 3.3e24.
  witness: for (const a of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n]) {
    let x = 1n;
    let base = a % n;
    let e = d;
    while (e > 0n) {
      if (e & 1n) x = (x * base) % n;
      base = (base * base) % n;
      e >>= 1n;
    }
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) continue witness;
    }
    return false;
  }
  return true;
}

function findFactor(n: bigint): bigint {
  for (const p of SMALL_PRIMES) if (n % BigInt(p) === 0n) return BigInt(p);
  const root = isqrtBig(n);
  if (root * root === n) return root;
  if (n < 1n << 64n) {
    const steps = Math.max(4096, 8 * Math.ceil(Math.sqrt(Math.sqrt(Number(n)))));
    for (const k of MULTIPLIERS) {
      const f = squfof(n, k, steps);
      if (f !== 0n) return f;
    }
  }
  return pollardBrent(n);
}

/**
 * Splits pq into [p, q] with p ≤ q and p·q = pq, p the smallest nontrivial factor found
 * (for a product of two primes: the two primes).
 * @throws CryptoError when pq < 4 or pq is prime.
 */
export function factorizePQ(pq: bigint): [bigint, bigint] {
  if (typeof pq !== 'bigint' || pq < 4n) throw new CryptoError(`factorizePQ: pq must be a bigint ≥ 4, got ${String(pq)}`);
  if (isProbablePrime(pq)) throw new CryptoError(`factorizePQ: pq ${pq} is prime`);
  const f = findFactor(pq);
  if (f === 0n || pq % f !== 0n) throw new CryptoError(`factorizePQ: could not factor ${pq}`);
  const g = pq / f;
  return f < g ? [f, g] : [g, f];
}
