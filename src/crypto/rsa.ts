/**
 * RSA for auth key creation: server key parsing + fingerprints, and RSA_PAD
 * (https://core.telegram.org/mtproto/auth_key, "Presenting proof of work; Server authentication").
 */
import { fromBase64 } from '../encoding.js';
import { CryptoError, SecurityError } from './errors.js';
import { randomBytes, sha1, sha256, timingSafeEqual } from './hash.js';
import { aesIgeDecrypt, aesIgeEncrypt } from './ige.js';
import { bigIntToBytes, bytesToBigInt } from './bigint.js';
import { concatBytes, readTlv } from './der.js';
import { modPow } from './dh.js';

/** A parsed RSA public key. */
export interface RsaPublicKey {
  /** Modulus. */
  readonly n: bigint;
  /** Public exponent. */
  readonly e: bigint;
  /** Telegram fingerprint as a signed 64-bit TL `long` (what resPQ lists). */
  readonly fingerprint: bigint;
  /** The PEM the key was parsed from. */
  readonly pem: string;
}

/** TL `bytes` serialisation (length prefix, data, zero padding to 4). */
function tlBytes(data: Uint8Array): Uint8Array {
  const head = data.length <= 253 ? 1 : 4;
  const total = Math.ceil((head + data.length) / 4) * 4;
  const out = new Uint8Array(total);
  if (head === 1) out[0] = data.length;
  else {
    out[0] = 254;
    out[1] = data.length & 0xff;
    out[2] = (data.length >>> 8) & 0xff;
    out[3] = (data.length >>> 16) & 0xff;
  }
  out.set(data, head);
  return out;
}

/** The DER body of a PEM block labelled `label` (`RSA PUBLIC KEY`, `PUBLIC KEY`, …), or undefined. */
function pemBody(pem: string, label: string): Uint8Array | undefined {
  const begin = `-----BEGIN ${label}-----`;
  const at = pem.indexOf(begin);
  if (at < 0) return undefined;
  const end = pem.indexOf(`-----END ${label}-----`, at);
  if (end < 0) throw new CryptoError(`PEM: no END line for ${label}`);
  return fromBase64(pem.slice(at + begin.length, end).replace(/\s+/g, ''), `PEM ${label}`);
}

/** The INTEGERs of a DER SEQUENCE, in order. */
function derIntegers(der: Uint8Array, at = 0): bigint[] {
  const seq = readTlv(der, at);
  if (seq.tag !== 0x30) throw new CryptoError('DER: expected a SEQUENCE');
  const out: bigint[] = [];
  for (let p = seq.start; p < seq.end; ) {
    const el = readTlv(der, p);
    if (el.tag === 0x02) out.push(bytesToBigInt(der.subarray(el.start, el.end)));
    p = el.end;
  }
  return out;
}

/** RSAPublicKey from a PKCS#1 or SubjectPublicKeyInfo PEM. */
function readPublicKey(pem: string): { n: bigint; e: bigint } {
  const pkcs1 = pemBody(pem, 'RSA PUBLIC KEY');
  if (pkcs1) {
    const [n, e] = derIntegers(pkcs1);
    if (n === undefined || e === undefined) throw new CryptoError('PKCS#1 public key: expected modulus and exponent');
    return { n, e };
  }
  const spki = pemBody(pem, 'PUBLIC KEY');
  if (!spki) throw new CryptoError('no BEGIN RSA PUBLIC KEY or BEGIN PUBLIC KEY block');
  // SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING { 0x00, RSAPublicKey } }
  const outer = readTlv(spki, 0);
  const alg = readTlv(spki, outer.start);
  const bits = readTlv(spki, alg.end);
  if (outer.tag !== 0x30 || alg.tag !== 0x30 || bits.tag !== 0x03) throw new CryptoError('SubjectPublicKeyInfo: unexpected structure');
  // rsaEncryption OID 1.2.840.113549.1.1.1
  const oid = readTlv(spki, alg.start);
  const rsaOid = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
  if (oid.tag !== 0x06 || oid.end - oid.start !== rsaOid.length || rsaOid.some((b, i) => spki[oid.start + i] !== b)) {
    throw new CryptoError('SubjectPublicKeyInfo: not an RSA key');
  }
  const [n, e] = derIntegers(spki, bits.start + 1);
  if (n === undefined || e === undefined) throw new CryptoError('RSA public key: expected modulus and exponent');
  return { n, e };
}

/** (n, d) from a PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`) PEM. */
function readPrivateKey(pem: string): { n: bigint; d: bigint } {
  let der = pemBody(pem, 'RSA PRIVATE KEY');
  let at = 0;
  if (!der) {
    der = pemBody(pem, 'PRIVATE KEY');
    if (!der) throw new CryptoError('no BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY block');
    // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, OCTET STRING { RSAPrivateKey } }
    const outer = readTlv(der, 0);
    const version = readTlv(der, outer.start);
    const alg = readTlv(der, version.end);
    const octets = readTlv(der, alg.end);
    if (octets.tag !== 0x04) throw new CryptoError('PKCS#8: unexpected structure');
    at = octets.start;
  }
  // RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dp, dq, qinv }
  const ints = derIntegers(der, at);
  const n = ints[1];
  const d = ints[3];
  if (n === undefined || d === undefined) throw new CryptoError('RSA private key: expected version, modulus, exponents');
  return { n, d };
}

const privateKeys = new Map<string, { n: bigint; d: bigint }>();

/**
 * Raw RSA decryption (`c^d mod n`, no padding) with a PEM private key, as 256 bytes. The server
 * side of the key exchange unpads the result itself (RSA_PAD, or the older SHA1 scheme).
 */
export function rsaDecryptRaw(encrypted: Uint8Array, privateKeyPem: string): Uint8Array {
  let key = privateKeys.get(privateKeyPem);
  if (!key) {
    key = readPrivateKey(privateKeyPem);
    if (privateKeys.size > 64) privateKeys.clear();
    privateKeys.set(privateKeyPem, key);
  }
  const c = bytesToBigInt(encrypted);
  if (c >= key.n) throw new SecurityError('rsa_pad_range', 'encrypted value is not below the modulus');
  return modPow(encrypted, bigIntToBytes(key.d), bigIntToBytes(key.n, 256));
}

/** Fingerprint rule: SHA1(TL bytes(n) + TL bytes(e))[12:20] read as a little-endian int64. */
export function computeRsaFingerprint(n: bigint, e: bigint): bigint {
  const h = sha1(tlBytes(bigIntToBytes(n)), tlBytes(bigIntToBytes(e)));
  return new DataView(h.buffer, h.byteOffset + 12, 8).getBigInt64(0, true);
}

/** Parses a PKCS#1 (`BEGIN RSA PUBLIC KEY`) or SPKI (`BEGIN PUBLIC KEY`) PEM. */
export function parsePublicKey(pem: string): RsaPublicKey {
  let key: { n: bigint; e: bigint };
  try {
    key = readPublicKey(pem);
  } catch (err) {
    throw new CryptoError(`parsePublicKey: not a valid RSA public key PEM (${(err as Error).message})`);
  }
  const { n, e } = key;
  return { n, e, fingerprint: computeRsaFingerprint(n, e), pem };
}

const ZERO_IV = new Uint8Array(32);

function xor32(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = a[i] ^ b[i];
  return out;
}

/**
 * RSA_PAD with explicit randomness (for test vectors). `nextTempKey` is called again
 * whenever the padded block is not below the modulus.
 */
export function rsaPadEncryptWith(
  data: Uint8Array,
  key: RsaPublicKey,
  padding: Uint8Array,
  nextTempKey: () => Uint8Array,
): Uint8Array {
  if (data.length > 144) throw new CryptoError(`rsaPadEncrypt: data is ${data.length} bytes, at most 144 allowed`);
  if (padding.length !== 192 - data.length) throw new CryptoError(`rsaPadEncrypt: need ${192 - data.length} padding bytes`);
  const dataWithPadding = concatBytes(data, padding);
  const reversed = dataWithPadding.slice().reverse();
  for (let attempt = 0; attempt < 64; attempt++) {
    const tempKey = nextTempKey();
    if (tempKey.length !== 32) throw new CryptoError('rsaPadEncrypt: temp_key must be 32 bytes');
    const dataWithHash = concatBytes(reversed, sha256(tempKey, dataWithPadding));
    const aesEncrypted = aesIgeEncrypt(dataWithHash, tempKey, ZERO_IV);
    const keyAesEncrypted = concatBytes(xor32(tempKey, sha256(aesEncrypted)), aesEncrypted);
    if (bytesToBigInt(keyAesEncrypted) >= key.n) continue; // retry with a new temp_key
    return modPow(keyAesEncrypted, bigIntToBytes(key.e), bigIntToBytes(key.n, 256));
  }
  throw new CryptoError('rsaPadEncrypt: no temp_key gave a value below the modulus (is the key 2048-bit?)');
}

/** RSA_PAD encryption of TL-serialised p_q_inner_data (≤ 144 bytes) → 256 bytes for req_DH_params. */
export function rsaPadEncrypt(data: Uint8Array, key: RsaPublicKey): Uint8Array {
  if (data.length > 144) throw new CryptoError(`rsaPadEncrypt: data is ${data.length} bytes, at most 144 allowed`);
  return rsaPadEncryptWith(data, key, randomBytes(192 - data.length), () => randomBytes(32));
}

/**
 * Undoes RSA_PAD on the output of {@link rsaDecryptRaw}: returns the 192-byte data_with_padding.
 * @throws SecurityError rule `rsa_pad_hash`.
 */
export function rsaPadUnwrap(keyAesEncrypted: Uint8Array): Uint8Array {
  const aesEncrypted = keyAesEncrypted.subarray(32);
  const tempKey = xor32(keyAesEncrypted.subarray(0, 32), sha256(aesEncrypted));
  const dataWithHash = aesIgeDecrypt(aesEncrypted, tempKey, ZERO_IV);
  const dataWithPadding = dataWithHash.slice(0, 192).reverse();
  if (!timingSafeEqual(sha256(tempKey, dataWithPadding), dataWithHash.subarray(192, 224))) {
    throw new SecurityError('rsa_pad_hash', 'SHA256(temp_key + data_with_padding) does not match');
  }
  return dataWithPadding;
}

/**
 * Server side of RSA_PAD: decrypts 256 bytes and returns the 192-byte data_with_padding
 * (TL-serialised p_q_inner_data followed by random padding).
 * @throws SecurityError rule `rsa_pad_length`, `rsa_pad_range` or `rsa_pad_hash`.
 */
export function rsaPadDecrypt(encrypted: Uint8Array, privateKeyPem: string): Uint8Array {
  if (encrypted.length !== 256) throw new SecurityError('rsa_pad_length', `encrypted_data must be 256 bytes, got ${encrypted.length}`);
  return rsaPadUnwrap(rsaDecryptRaw(encrypted, privateKeyPem));
}
