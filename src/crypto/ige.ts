import { CryptoError } from './errors.js';
import { igeDecrypt256, igeEncrypt256 } from './aes-pure.js';
import { platform } from '../platform/current.js';

function check(fn: string, data: Uint8Array, key: Uint8Array, iv: Uint8Array): void {
  if (!(data instanceof Uint8Array)) throw new CryptoError(`${fn}: data must be a Uint8Array`);
  if (!(key instanceof Uint8Array) || key.length !== 32) {
    throw new CryptoError(`${fn}: key must be 32 bytes, got ${key instanceof Uint8Array ? key.length : typeof key}`);
  }
  if (!(iv instanceof Uint8Array) || iv.length !== 32) {
    throw new CryptoError(`${fn}: iv must be 32 bytes, got ${iv instanceof Uint8Array ? iv.length : typeof iv}`);
  }
  if (data.length % 16 !== 0) {
    throw new CryptoError(`${fn}: data length ${data.length} is not a multiple of 16 bytes`);
  }
}

/**
 * AES-256-IGE encryption, pure TypeScript (always available; the reference for the fast path).
 * `iv` is 32 bytes: initial previous-ciphertext block then initial previous-plaintext block.
 */
export function aesIgeEncryptPure(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  check('aesIgeEncryptPure', data, key, iv);
  return igeEncrypt256(data, key, iv);
}

/** AES-256-IGE decryption, pure TypeScript. */
export function aesIgeDecryptPure(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  check('aesIgeDecryptPure', data, key, iv);
  return igeDecrypt256(data, key, iv);
}

/**
 * AES-256-IGE encryption (MTProto's message cipher). key 32 bytes, iv 32 bytes,
 * data a multiple of 16 bytes; returns a new array. Uses AES-NI when available.
 */
export function aesIgeEncrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  check('aesIgeEncrypt', data, key, iv);
  const fast = platform().crypto.aesIge;
  if (fast === undefined) return igeEncrypt256(data, key, iv);
  const out = new Uint8Array(data.length);
  fast.encrypt(data, key, iv, out);
  return out;
}

/** AES-256-IGE decryption; same contract as {@link aesIgeEncrypt}. */
export function aesIgeDecrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  check('aesIgeDecrypt', data, key, iv);
  const fast = platform().crypto.aesIge;
  if (fast === undefined) return igeDecrypt256(data, key, iv);
  const out = new Uint8Array(data.length);
  fast.decrypt(data, key, iv, out);
  return out;
}

/** Which AES-IGE implementation {@link aesIgeEncrypt}/{@link aesIgeDecrypt} use in this process. */
export function aesIgeBackend(): 'native' | 'pure' {
  return platform().crypto.aesIge === undefined ? 'pure' : 'native';
}

/**
 * AES-256-IGE encryption written into `out` (length ≥ data length), so callers can place
 * the ciphertext inside a larger packet without a copy on the native path. Internal.
 */
export function aesIgeEncryptInto(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array): void {
  check('aesIgeEncrypt', data, key, iv);
  if (out.length < data.length) throw new CryptoError(`aesIgeEncrypt: output ${out.length} bytes < input ${data.length}`);
  const fast = platform().crypto.aesIge;
  if (fast === undefined) out.set(igeEncrypt256(data, key, iv));
  else fast.encrypt(data, key, iv, out);
}
