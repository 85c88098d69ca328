/**
 * RSA for auth key creation: server key parsing + fingerprints, and RSA_PAD
 * (https://core.telegram.org/mtproto/auth_key, "Presenting proof of work; Server authentication").
 */
import { constants, createPublicKey, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import { CryptoError, SecurityError } from './errors.js';
import { randomBytes, sha1, sha256, timingSafeEqual } from './hash.js';
import { aesIgeDecrypt, aesIgeEncrypt } from './ige.js';
import { bigIntToBytes, bytesToBigInt } from './bigint.js';
import { concatBytes } from './der.js';

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

function b64urlToBigInt(s: string): bigint {
  return bytesToBigInt(new Uint8Array(Buffer.from(s, 'base64url')));
}

/** Fingerprint rule: SHA1(TL bytes(n) + TL bytes(e))[12:20] read as a little-endian int64. */
export function computeRsaFingerprint(n: bigint, e: bigint): bigint {
  const h = sha1(tlBytes(bigIntToBytes(n)), tlBytes(bigIntToBytes(e)));
  return new DataView(h.buffer, h.byteOffset + 12, 8).getBigInt64(0, true);
}

/** Parses a PKCS#1 (`BEGIN RSA PUBLIC KEY`) or SPKI (`BEGIN PUBLIC KEY`) PEM. */
export function parsePublicKey(pem: string): RsaPublicKey {
  let jwk: { kty?: string; n?: string; e?: string };
  try {
    jwk = createPublicKey(pem).export({ format: 'jwk' }) as typeof jwk;
  } catch (err) {
    throw new CryptoError(`parsePublicKey: not a valid RSA public key PEM (${(err as Error).message})`);
  }
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new CryptoError(`parsePublicKey: expected an RSA key, got ${jwk.kty}`);
  const n = b64urlToBigInt(jwk.n);
  const e = b64urlToBigInt(jwk.e);
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
    const out = publicEncrypt({ key: key.pem, padding: constants.RSA_NO_PADDING }, keyAesEncrypted);
    return bigIntToBytes(bytesToBigInt(new Uint8Array(out)), 256);
  }
  throw new CryptoError('rsaPadEncrypt: no temp_key gave a value below the modulus (is the key 2048-bit?)');
}

/** RSA_PAD encryption of TL-serialised p_q_inner_data (≤ 144 bytes) → 256 bytes for req_DH_params. */
export function rsaPadEncrypt(data: Uint8Array, key: RsaPublicKey): Uint8Array {
  if (data.length > 144) throw new CryptoError(`rsaPadEncrypt: data is ${data.length} bytes, at most 144 allowed`);
  return rsaPadEncryptWith(data, key, randomBytes(192 - data.length), () => randomBytes(32));
}

/** A fresh 2048-bit RSA key pair (e = 65537) for a test server. */
export function generateRsaKeyPair(): { privateKeyPem: string; publicKeyPem: string; publicKey: RsaPublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 65537,
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey, publicKey: parsePublicKey(publicKey) };
}

/**
 * Server side of RSA_PAD: decrypts 256 bytes and returns the 192-byte data_with_padding
 * (TL-serialised p_q_inner_data followed by random padding).
 * @throws SecurityError rule `rsa_pad_length`, `rsa_pad_range` or `rsa_pad_hash`.
 */
export function rsaPadDecrypt(encrypted: Uint8Array, privateKeyPem: string): Uint8Array {
  if (encrypted.length !== 256) throw new SecurityError('rsa_pad_length', `encrypted_data must be 256 bytes, got ${encrypted.length}`);
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(privateDecrypt({ key: privateKeyPem, padding: constants.RSA_NO_PADDING }, encrypted));
  } catch (err) {
    throw new SecurityError('rsa_pad_range', `RSA decryption failed (value not below the modulus?): ${(err as Error).message}`);
  }
  const keyAesEncrypted = bigIntToBytes(bytesToBigInt(raw), 256);
  const aesEncrypted = keyAesEncrypted.subarray(32);
  const tempKey = xor32(keyAesEncrypted.subarray(0, 32), sha256(aesEncrypted));
  const dataWithHash = aesIgeDecrypt(aesEncrypted, tempKey, ZERO_IV);
  const dataWithPadding = dataWithHash.slice(0, 192).reverse();
  if (!timingSafeEqual(sha256(tempKey, dataWithPadding), dataWithHash.subarray(192, 224))) {
    throw new SecurityError('rsa_pad_hash', 'SHA256(temp_key + data_with_padding) does not match');
  }
  return dataWithPadding;
}
