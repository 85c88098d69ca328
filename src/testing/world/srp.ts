/**
 * Server side of Telegram's 2FA SRP (passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow),
 * see https://core.telegram.org/api/srp. The world stores only the verifier `v = g^x mod p`; the rounds use
 * crypto's SRP server side. Verifiers are computed synchronously here so seeding stays synchronous.
 */
import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { createSrpServer, verifySrpAnswer as verifyWithCrypto } from '../../crypto/index.js';

/** Telegram's 2048-bit safe prime used by every account (g = 3). */
export const SRP_P = Uint8Array.from(
  Buffer.from(
    'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db' +
      'fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
      '2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41' +
      '0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
      'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf' +
      '6f4fadf034b10403119cd8e3b92fcc5b',
    'hex',
  ),
);
/** Generator paired with {@link SRP_P}. */
export const SRP_G = 3;

function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

function toBig(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + Buffer.from(bytes).toString('hex'));
}

function toBytes(n: bigint, len = 256): Uint8Array {
  const hex = n.toString(16).padStart(len * 2, '0');
  return new Uint8Array(Buffer.from(hex.slice(-len * 2), 'hex'));
}

function powMod(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

/** `x` of the SRP formulas (PH2 of the password). */
function passwordHash(password: string, salt1: Uint8Array, salt2: Uint8Array): Uint8Array {
  const sh = (data: Uint8Array, salt: Uint8Array) => sha256(salt, data, salt);
  const ph1 = sh(sh(new TextEncoder().encode(password), salt1), salt2);
  const slow = new Uint8Array(pbkdf2Sync(ph1, salt1, 100000, 64, 'sha512'));
  return sh(slow, salt2);
}

/** Creates the stored verifier for `password` with fresh salts. */
export function createPasswordVerifier(password: string): {
  salt1: Uint8Array;
  salt2: Uint8Array;
  g: number;
  p: Uint8Array;
  verifier: Uint8Array;
} {
  const salt1 = new Uint8Array(randomBytes(40));
  const salt2 = new Uint8Array(randomBytes(16));
  const x = toBig(passwordHash(password, salt1, salt2));
  const verifier = toBytes(powMod(BigInt(SRP_G), x, toBig(SRP_P)));
  return { salt1, salt2, g: SRP_G, p: SRP_P, verifier };
}

/** One server-side SRP round: the secret `b` and the public `B` sent as `srp_B`. */
export interface SrpChallenge {
  srpId: bigint;
  b: Uint8Array;
  srpB: Uint8Array;
}

/** Starts a round (crypto's server side: `B = k·v + g^b mod p`). */
export function createSrpChallenge(params: { g: number; p: Uint8Array; verifier: Uint8Array }): SrpChallenge {
  const session = createSrpServer({ p: params.p, g: params.g, v: params.verifier });
  const srpId = BigInt.asIntN(64, toBig(new Uint8Array(randomBytes(8))));
  return { srpId, b: session.b, srpB: session.srpB };
}

/** Checks the client's `A` and `M1` against a challenge; false for any mismatch or malformed value. */
export function verifySrpAnswer(
  params: { g: number; p: Uint8Array; verifier: Uint8Array; salt1: Uint8Array; salt2: Uint8Array },
  challenge: SrpChallenge,
  answer: { A: Uint8Array; M1: Uint8Array },
): boolean {
  return verifyWithCrypto({
    p: params.p,
    g: params.g,
    v: params.verifier,
    b: challenge.b,
    srpB: challenge.srpB,
    A: answer.A,
    M1: answer.M1,
    salt1: params.salt1,
    salt2: params.salt2,
  });
}
