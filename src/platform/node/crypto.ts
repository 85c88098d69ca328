/**
 * The Node implementation of {@link PlatformCrypto}: node:crypto (OpenSSL) for hashes, HMAC,
 * PBKDF2, AES-CTR, modular exponentiation and primality, and the C addon's AES-NI IGE when the
 * CPU has it.
 * @module
 */
import {
  checkPrimeSync,
  createCipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  hash as oneShotHash,
  pbkdf2,
  randomFillSync,
} from 'node:crypto';
import type { AesCtrStream, PlatformCrypto } from '../types.js';
import { nativeAddon } from './native.js';

// `crypto.hash` (Node ≥ 20.12) hashes one buffer without building a Hash object: much cheaper
// for the small inputs of the per-message KDF. Older runtimes fall back to createHash.
const hasOneShot = typeof oneShotHash === 'function';

function bytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function digest(algo: 'sha1' | 'sha256' | 'sha512' | 'md5', parts: readonly Uint8Array[]): Uint8Array {
  if (hasOneShot && parts.length === 1) return bytes(oneShotHash(algo, parts[0]!, 'buffer'));
  const h = createHash(algo);
  for (const p of parts) h.update(p);
  return bytes(h.digest());
}

// DER helpers for the OpenSSL modexp trick below (tiny, local: the core's DER code is for keys).
function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v >>= 8) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}
function tlv(tag: number, body: Uint8Array): Uint8Array {
  const len = derLength(body.length);
  const out = new Uint8Array(1 + len.length + body.length);
  out[0] = tag;
  out.set(len, 1);
  out.set(body, 1 + len.length);
  return out;
}
function derUInt(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const v = b.subarray(i);
  const body = (v[0]! & 0x80) !== 0 ? Uint8Array.of(0, ...v) : v;
  return tlv(0x02, body);
}
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
function readTlv(buf: Uint8Array, at: number): { tag: number; start: number; end: number } {
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | buf[start + i]!;
    start += n;
  }
  return { tag, start, end: start + len };
}

// dhKeyAgreement (PKCS #3), 1.2.840.113549.1.3.1
const DH_OID = Uint8Array.of(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x03, 0x01);

/**
 * OpenSSL computes g^x when importing a DH private key, so importing (p, g = base, x = exp) and
 * reading the public value back is a constant-time-ish native modexp (~6x BigInt). OpenSSL only
 * accepts an odd modulus of 128+ bits with 1 < base < mod - 1 and 0 < exp < mod; otherwise
 * (or if it refuses) the caller's BigInt path runs.
 */
function modPow(base: Uint8Array, exp: Uint8Array, mod: Uint8Array): Uint8Array | undefined {
  const size = mod.length;
  let m = 0;
  while (m < mod.length && mod[m] === 0) m++;
  const modulus = mod.subarray(m);
  if (modulus.length < 16 || (modulus[modulus.length - 1]! & 1) === 0) return undefined;
  try {
    const params = tlv(0x30, concat(derUInt(modulus), derUInt(base)));
    const alg = tlv(0x30, concat(DH_OID, params));
    const pkcs8 = tlv(0x30, concat(derUInt(Uint8Array.of(0)), alg, tlv(0x04, derUInt(exp))));
    const key = createPrivateKey({ key: Buffer.from(pkcs8.buffer, pkcs8.byteOffset, pkcs8.length), format: 'der', type: 'pkcs8' });
    const spki = new Uint8Array(createPublicKey(key).export({ format: 'der', type: 'spki' }));
    // SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING { 0x00, INTEGER y } }
    const outer = readTlv(spki, 0);
    const algId = readTlv(spki, outer.start);
    const bits = readTlv(spki, algId.end);
    if (bits.tag !== 0x03) return undefined;
    const y = readTlv(spki, bits.start + 1);
    if (y.tag !== 0x02) return undefined;
    let v = spki.subarray(y.start, y.end);
    while (v.length > 1 && v[0] === 0) v = v.subarray(1);
    if (v.length > size) return undefined;
    const out = new Uint8Array(size);
    out.set(v, size - v.length);
    return out;
  } catch {
    return undefined; // OpenSSL refused these parameters
  }
}

function toBigInt(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex'));
}

/** The addon, only if its AES-NI IGE may be used on this CPU. */
const aesni = nativeAddon?.aesni ? nativeAddon : undefined;

/** The addon's in-place AES-NI AES-256-CTR, when present (only built with AES-NI). */
const nativeCtr = aesni?.ctrInit && aesni.ctrXor ? { init: aesni.ctrInit, xor: aesni.ctrXor } : undefined;

/** Bytes of the addon's CTR stream state (round keys, counter, keystream block, bytes used). */
const CTR_STATE_BYTES = 273;

function nativeCtrStream(ctr: NonNullable<typeof nativeCtr>, key: Uint8Array, iv: Uint8Array): AesCtrStream {
  const state = new Uint8Array(CTR_STATE_BYTES);
  ctr.init(key, iv, state);
  return {
    update(data) {
      const out = data.slice();
      ctr.xor(state, out);
      return out;
    },
    updateInPlace: (data) => ctr.xor(state, data),
  };
}

/** The addon's thread-pool jobs as promises, when it has them (TGTS_NO_OFF_THREAD turns them off). */
function offThread(): PlatformCrypto['offThread'] {
  const sha256Async = aesni?.sha256Async;
  const igeAsync = aesni?.igeAsync;
  if (!sha256Async || !igeAsync || process.env.TGTS_NO_OFF_THREAD) return undefined;
  const settle = (resolve: () => void, reject: (e: Error) => void) => (err: Error | null) => (err ? reject(err) : resolve());
  return {
    sha256: (data, digest) => new Promise((resolve, reject) => sha256Async(data, digest, settle(resolve, reject))),
    ige: (encrypt, data, key, iv, out, hash) =>
      new Promise((resolve, reject) => igeAsync(encrypt, data, key, iv, out, hash?.prefix ?? null, hash?.digest ?? null, settle(resolve, reject))),
  };
}
const offThreadJobs = offThread();

export const nodeCrypto: PlatformCrypto = {
  randomFill(out) {
    if (out.length > 0) randomFillSync(out);
    return out;
  },
  sha1: (...parts) => digest('sha1', parts),
  sha256: (...parts) => digest('sha256', parts),
  sha512: (...parts) => digest('sha512', parts),
  md5: (...parts) => digest('md5', parts),
  hmacSha256(key, ...parts) {
    const h = createHmac('sha256', key);
    for (const p of parts) h.update(p);
    return bytes(h.digest());
  },
  pbkdf2Sha512(password, salt, iterations) {
    return new Promise((resolve, reject) => {
      pbkdf2(password, salt, iterations, 64, 'sha512', (err, key) => (err ? reject(err) : resolve(bytes(key))));
    });
  },
  createAesCtr(key, iv): AesCtrStream {
    if (nativeCtr) return nativeCtrStream(nativeCtr, key, iv);
    const cipher = createCipheriv('aes-256-ctr', key, iv);
    return {
      update: (data) => bytes(cipher.update(data)),
      updateInPlace: (data) => data.set(cipher.update(data)),
    };
  },
  ...(aesni ? { aesIge: { name: 'AES-NI (tgts addon)', encrypt: aesni.igeEncrypt, decrypt: aesni.igeDecrypt } } : {}),
  ...(offThreadJobs ? { offThread: offThreadJobs } : {}),
  modPow,
  isProbablePrime: (n) => checkPrimeSync(toBigInt(n)),
};
