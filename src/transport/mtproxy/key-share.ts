/**
 * Key shares that look real to a censor inspecting the FakeTLS ClientHello: nothing is ever
 * derived from them (the "TLS" is fake), but random bytes are recognisable. An X25519 share is a
 * point on Curve25519 (as tdlib makes it: about half of all random strings are not), an
 * ML-KEM-768 encapsulation key has every 12-bit coefficient below q = 3329.
 * @module
 */
import { modPowBigInt } from '../../crypto/bigint.js';

const P = (1n << 255n) - 19n;
const A = 486662n;

function readLE(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

/** True when `u` (32 bytes, little-endian) is the u-coordinate of a point on Curve25519 (not its twist). */
export function isCurve25519Point(u: Uint8Array): boolean {
  const x = readLE(u);
  if (x >= P) return false;
  const rhs = (((x * x) % P) * x + A * ((x * x) % P) + x) % P;
  return rhs === 0n || modPowBigInt(rhs, (P - 1n) / 2n, P) === 1n;
}

/** A 32-byte X25519 public key shape: a valid point with the top bit clear. */
export function x25519Share(random: (n: number) => Uint8Array): Uint8Array {
  for (let attempt = 0; attempt < 256; attempt++) {
    const u = random(32).slice();
    u[31]! &= 0x7f;
    if (isCurve25519Point(u)) return u;
  }
  throw new Error('x25519Share: random source produced no curve point in 256 attempts');
}

/** ML-KEM modulus. */
const Q = 3329;

/** A 1184-byte ML-KEM-768 encapsulation key shape: 768 coefficients < q, 12 bits each, then 32 bytes of seed. */
export function mlKem768Share(random: (n: number) => Uint8Array): Uint8Array {
  const out = new Uint8Array(1184);
  const coefficients = new Uint16Array(768);
  let filled = 0;
  while (filled < 768) {
    const r = random(3 * 128);
    // Two 12-bit candidates per 3 bytes, accepted below q (FIPS 203 SampleNTT's rejection rule).
    for (let i = 0; i + 2 < r.length && filled < 768; i += 3) {
      const d1 = r[i]! | ((r[i + 1]! & 0x0f) << 8);
      const d2 = (r[i + 1]! >> 4) | (r[i + 2]! << 4);
      if (d1 < Q) coefficients[filled++] = d1;
      if (d2 < Q && filled < 768) coefficients[filled++] = d2;
    }
  }
  for (let i = 0, o = 0; i < 768; i += 2, o += 3) {
    const a = coefficients[i]!;
    const b = coefficients[i + 1]!;
    out[o] = a & 0xff;
    out[o + 1] = (a >> 8) | ((b & 0x0f) << 4);
    out[o + 2] = b >> 4;
  }
  out.set(random(32), 1152);
  return out;
}
