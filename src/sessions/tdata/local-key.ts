/**
 * The keys that protect a tdata folder. The 256-byte local key encrypts every file; it is itself
 * stored encrypted with a key derived from the local passcode (empty when none is set):
 * - current (`key_datas`): PBKDF2-HMAC-SHA512 over SHA512(salt ‖ passcode ‖ salt), 100 000
 *   iterations with a passcode, 1 without;
 * - legacy (`map` files of old versions): PBKDF2-HMAC-SHA1 over the passcode, 4000 / 4 iterations.
 * Encrypted blocks are msg_key (16) ‖ AES-256-IGE(data), with the MTProto 1.0 key derivation
 * (x = 8) and msg_key = SHA1(plaintext)[0:16]; the plaintext starts with its own length (u32 LE).
 */
import { createHash, pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { aesIgeDecrypt, deriveAesKeyIvV1, sha1 } from '../../crypto/index.js';
import { SessionFormatError } from '../errors.js';

const KEY_LENGTH = 256;
const STRONG_ITERATIONS = 100_000;

// Off the event loop: with a passcode the derivation takes a second or more.
const pbkdf2Async = promisify(pbkdf2);

/** Local key derivation of current Telegram Desktop versions. */
export async function createLocalKey(passcode: Uint8Array, salt: Uint8Array): Promise<Uint8Array> {
  const hash = createHash('sha512').update(salt).update(passcode).update(salt).digest();
  return new Uint8Array(await pbkdf2Async(hash, salt, passcode.length > 0 ? STRONG_ITERATIONS : 1, KEY_LENGTH, 'sha512'));
}

/** Local key derivation of Telegram Desktop before multi-account storage. */
export async function createLegacyLocalKey(passcode: Uint8Array, salt: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await pbkdf2Async(passcode, salt, passcode.length > 0 ? 4000 : 4, KEY_LENGTH, 'sha1'));
}

/**
 * Decrypts one encrypted block with `key`; returns the plaintext after its length prefix, or
 * undefined when the key is wrong (msg_key mismatch). Throws on a malformed block.
 */
export function decryptLocal(encrypted: Uint8Array, key: Uint8Array, field: string, path: string): Uint8Array | undefined {
  if (encrypted.length <= 16 || encrypted.length % 16 !== 0) {
    throw new SessionFormatError('tdata', `encrypted block of ${encrypted.length} bytes is not 16 + a multiple of 16`, field, path);
  }
  const msgKey = encrypted.subarray(0, 16);
  const { key: aesKey, iv } = deriveAesKeyIvV1(key, msgKey, 8);
  const plain = aesIgeDecrypt(encrypted.subarray(16), aesKey, iv);
  if (!sha1(plain).subarray(0, 16).every((b, i) => b === msgKey[i])) return undefined;
  const length = new DataView(plain.buffer, plain.byteOffset, 4).getUint32(0, true);
  if (length < 4 || length > plain.length || length <= plain.length - 16) {
    throw new SessionFormatError('tdata', `decrypted length ${length} does not fit the ${plain.length}-byte block`, field, path);
  }
  return plain.slice(4, length);
}
