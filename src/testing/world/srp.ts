/**
 * Server side of Telegram's 2FA SRP (passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow),
 * see https://core.telegram.org/api/srp. The world stores only the verifier `v = g^x mod p`; the rounds use
 * crypto's SRP server side. Verifiers are computed synchronously here so seeding stays synchronous.
 */
import {
  TELEGRAM_DH_PRIME_HEX,
  bytesToBigInt,
  createSrpServer,
  randomBytes,
  verifySrpAnswer as verifyWithCrypto,
} from '../../crypto/index.js';
import { fromHex } from '../../encoding.js';
import { computeSrpVerifierSync } from '../crypto/node-crypto.js';

/** Telegram's 2048-bit safe prime used by every account (g = 3). */
export const SRP_P = fromHex(TELEGRAM_DH_PRIME_HEX);
/** Generator paired with {@link SRP_P}. */
export const SRP_G = 3;

/** Creates the stored verifier for `password` with fresh salts. */
export function createPasswordVerifier(password: string): {
  salt1: Uint8Array;
  salt2: Uint8Array;
  g: number;
  p: Uint8Array;
  verifier: Uint8Array;
} {
  const salt1 = randomBytes(40);
  const salt2 = randomBytes(16);
  const verifier = computeSrpVerifierSync(password, salt1, salt2, SRP_G, SRP_P);
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
  const srpId = BigInt.asIntN(64, bytesToBigInt(randomBytes(8)));
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
