/**
 * 2FA SRP for passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow
 * (https://core.telegram.org/api/srp): client proof and the server side for the test server.
 */
import { CryptoError, SecurityError } from './errors.js';
import { pbkdf2Sha512, randomBytes, sha256, timingSafeEqual } from './hash.js';
import { bigIntToBytes, bytesToBigInt } from './bigint.js';
import { checkDhPrime, modPow } from './dh.js';

/** Parameters of account.password needed to answer with inputCheckPasswordSRP. */
export interface SrpParams {
  readonly salt1: Uint8Array;
  readonly salt2: Uint8Array;
  readonly g: number;
  readonly p: Uint8Array;
  readonly srpB: Uint8Array;
  readonly srpId: bigint;
}

/** The fields of inputCheckPasswordSRP. */
export interface SrpAnswer {
  readonly srpId: bigint;
  readonly A: Uint8Array;
  readonly M1: Uint8Array;
}

const encoder = new TextEncoder();

/** SH(data, salt) = SHA256(salt + data + salt). @internal */
export function sh(data: Uint8Array, salt: Uint8Array): Uint8Array {
  return sha256(salt, data, salt);
}

function pad256(n: bigint): Uint8Array {
  return bigIntToBytes(n, 256);
}

/**
 * x = PH2(password, salt1, salt2): SH(PBKDF2-SHA512(SH(SH(password, salt1), salt2), salt1, 100000), salt2).
 * PBKDF2 runs off the event loop where the platform can (on Node: libuv's thread pool).
 */
export async function computePasswordHash(password: string, salt1: Uint8Array, salt2: Uint8Array): Promise<Uint8Array> {
  const ph1 = sh(sh(encoder.encode(password), salt1), salt2);
  return sh(await pbkdf2Sha512(ph1, salt1, 100_000), salt2);
}

/** v = g^x mod p (256 bytes): the value stored for a new password (account.updatePasswordSettings new_password_hash). */
export async function computeSrpVerifier(
  password: string,
  salt1: Uint8Array,
  salt2: Uint8Array,
  g: number,
  p: Uint8Array,
): Promise<Uint8Array> {
  checkDhPrime(p, g);
  const x = await computePasswordHash(password, salt1, salt2);
  return modPow(Uint8Array.of(g), x, p);
}

/** Checks an SRP public value: 1 < value < p - 1. */
function checkSrpValue(name: string, value: Uint8Array, p: bigint): bigint {
  const v = bytesToBigInt(value);
  if (value.length > 256 || v <= 1n || v >= p - 1n) {
    throw new SecurityError(`srp_${name}_range`, `${name} must satisfy 1 < ${name} < p - 1`);
  }
  return v;
}

interface Shared {
  p: bigint;
  pBytes: Uint8Array;
  gPadded: Uint8Array;
  k: bigint;
}

function shared(g: number, p: Uint8Array): Shared {
  const pBytes = pad256(bytesToBigInt(p));
  const gPadded = pad256(BigInt(g));
  return { p: bytesToBigInt(p), pBytes, gPadded, k: bytesToBigInt(sha256(pBytes, gPadded)) };
}

function computeM1(s: Shared, salt1: Uint8Array, salt2: Uint8Array, A: Uint8Array, B: Uint8Array, key: Uint8Array): Uint8Array {
  const hp = sha256(s.pBytes);
  const hg = sha256(s.gPadded);
  for (let i = 0; i < 32; i++) hp[i] ^= hg[i];
  return sha256(hp, sha256(salt1), sha256(salt2), A, B, key);
}

function powMod(base: bigint, exp: bigint, p: bigint): bigint {
  // p is a verified safe prime and base is in Z_p*, so the exponent can be reduced mod p-1.
  return bytesToBigInt(modPow(pad256(base), bigIntToBytes(exp % (p - 1n)), pad256(p)));
}

/** SRP client proof with an explicit secret `a` (test vectors); use {@link computeSrpAnswer}. */
export async function computeSrpAnswerWith(password: string, params: SrpParams, aBytes: Uint8Array): Promise<SrpAnswer> {
  checkDhPrime(params.p, params.g);
  const s = shared(params.g, params.p);
  const B = checkSrpValue('B', params.srpB, s.p);
  const Bbytes = pad256(B);
  const a = bytesToBigInt(aBytes);
  const g = BigInt(params.g);
  const A = pad256(a === 1n ? g : bytesToBigInt(modPow(Uint8Array.of(params.g), aBytes, s.pBytes)));
  const u = bytesToBigInt(sha256(A, Bbytes));
  if (u === 0n) throw new SecurityError('srp_u_zero', 'u = H(A + B) is zero');
  const x = bytesToBigInt(await computePasswordHash(password, params.salt1, params.salt2));
  const v = powMod(g, x, s.p);
  let t = (B - ((s.k * v) % s.p)) % s.p;
  if (t < 0n) t += s.p;
  if (t <= 1n) throw new SecurityError('srp_B_range', 'B - k*v mod p is degenerate');
  const sA = powMod(t, a + u * x, s.p);
  const key = sha256(pad256(sA));
  return { srpId: params.srpId, A, M1: computeM1(s, params.salt1, params.salt2, A, Bbytes, key) };
}

/**
 * Computes inputCheckPasswordSRP for a password, after checking p (safe 2048-bit prime),
 * g and srp_B. Async: the PBKDF2 step (100 000 iterations) runs off the event loop.
 * @throws SecurityError (`dh_*` rules for p/g, `srp_B_range`, `srp_u_zero`)
 */
export async function computeSrpAnswer(password: string, params: SrpParams): Promise<SrpAnswer> {
  const a = randomBytes(256);
  return computeSrpAnswerWith(password, params, a);
}

/** Server-side SRP state: publish `srpB`, keep `b` secret until the answer arrives. */
export interface SrpServerSession {
  readonly srpB: Uint8Array;
  readonly b: Uint8Array;
}

/** Test-server side: picks b and computes srp_B = k*v + g^b mod p. */
export function createSrpServer(opts: { p: Uint8Array; g: number; v: Uint8Array }): SrpServerSession {
  checkDhPrime(opts.p, opts.g);
  const s = shared(opts.g, opts.p);
  for (let attempt = 0; attempt < 16; attempt++) {
    const b = randomBytes(256);
    const gb = bytesToBigInt(modPow(Uint8Array.of(opts.g), b, s.pBytes));
    const B = (s.k * bytesToBigInt(opts.v) + gb) % s.p;
    if (B > 1n && B < s.p - 1n) return { srpB: pad256(B), b };
  }
  throw new CryptoError('createSrpServer: could not pick a valid b');
}

/**
 * Test-server side: checks the client's A and M1 against the stored verifier v.
 * Returns false for a wrong password (or any malformed A).
 */
export function verifySrpAnswer(opts: {
  p: Uint8Array;
  g: number;
  v: Uint8Array;
  b: Uint8Array;
  srpB: Uint8Array;
  A: Uint8Array;
  M1: Uint8Array;
  salt1: Uint8Array;
  salt2: Uint8Array;
}): boolean {
  const s = shared(opts.g, opts.p);
  let A: bigint;
  try {
    A = checkSrpValue('A', opts.A, s.p);
  } catch {
    return false;
  }
  const Abytes = pad256(A);
  const Bbytes = pad256(bytesToBigInt(opts.srpB));
  const u = bytesToBigInt(sha256(Abytes, Bbytes));
  if (u === 0n) return false;
  // S = (A * v^u)^b mod p
  const base = (A * powMod(bytesToBigInt(opts.v), u, s.p)) % s.p;
  if (base <= 1n) return false;
  const sB = powMod(base, bytesToBigInt(opts.b), s.p);
  const expected = computeM1(s, opts.salt1, opts.salt2, Abytes, Bbytes, sha256(pad256(sB)));
  return opts.M1.length === 32 && timingSafeEqual(expected, opts.M1);
}
