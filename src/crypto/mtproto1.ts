/**
 * The old MTProto 1.0 (SHA-1) message scheme, still used for the inner message of
 * auth.bindTempAuthKey (https://core.telegram.org/method/auth.bindTempAuthKey).
 */
import { CryptoError, SecurityError } from './errors.js';
import { randomBytes, sha1, timingSafeEqual } from './hash.js';
import { aesIgeDecrypt, aesIgeEncrypt } from './ige.js';

/** v1 msg_key: SHA1(plaintext without padding)[4:20]. */
export function computeMsgKeyV1(plaintext: Uint8Array): Uint8Array {
  return sha1(plaintext).slice(4, 20);
}

/** v1 AES key/iv from auth_key and msg_key (x = 0 client→server, 8 server→client). */
export function deriveAesKeyIvV1(authKey: Uint8Array, msgKey: Uint8Array, x: 0 | 8): { key: Uint8Array; iv: Uint8Array } {
  if (authKey.length !== 256) throw new CryptoError(`deriveAesKeyIvV1: authKey must be 256 bytes, got ${authKey.length}`);
  if (msgKey.length !== 16) throw new CryptoError(`deriveAesKeyIvV1: msgKey must be 16 bytes, got ${msgKey.length}`);
  const a = sha1(msgKey, authKey.subarray(x, x + 32));
  const b = sha1(authKey.subarray(32 + x, 48 + x), msgKey, authKey.subarray(48 + x, 64 + x));
  const c = sha1(authKey.subarray(64 + x, 96 + x), msgKey);
  const d = sha1(msgKey, authKey.subarray(96 + x, 128 + x));
  const key = new Uint8Array(32);
  key.set(a.subarray(0, 8), 0);
  key.set(b.subarray(8, 20), 8);
  key.set(c.subarray(4, 16), 20);
  const iv = new Uint8Array(32);
  iv.set(a.subarray(8, 20), 0);
  iv.set(b.subarray(0, 8), 12);
  iv.set(c.subarray(16, 20), 20);
  iv.set(d.subarray(0, 8), 24);
  return { key, iv };
}

/**
 * MTProto 1.0 encryption (client side, x = 0): returns auth_key_id(8) | msg_key(16) | ciphertext.
 * `plaintext` is the full message (salt .. message_data); 0..15 random padding bytes are appended.
 */
export function encryptMessageV1(authKey: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const msgKey = computeMsgKeyV1(plaintext);
  const { key, iv } = deriveAesKeyIvV1(authKey, msgKey, 0);
  const pad = (16 - (plaintext.length % 16)) % 16;
  const padded = new Uint8Array(plaintext.length + pad);
  padded.set(plaintext);
  padded.set(randomBytes(pad), plaintext.length);
  const out = new Uint8Array(24 + padded.length);
  out.set(sha1(authKey).subarray(12, 20), 0);
  out.set(msgKey, 8);
  out.set(aesIgeEncrypt(padded, key, iv), 24);
  return out;
}

/**
 * MTProto 1.0 decryption of a client message (server side, x = 0). The message_data_length
 * field at offset 28 bounds the unpadded plaintext that msg_key covers.
 * @throws SecurityError (`auth_key_id`, `packet_length`, `message_length`, `msg_key`)
 */
export function decryptMessageV1(authKey: Uint8Array, packet: Uint8Array): Uint8Array {
  if (packet.length < 24 + 32 || (packet.length - 24) % 16 !== 0) {
    throw new SecurityError('packet_length', `packet length ${packet.length} is not 24 + a positive multiple of 16 (min 32)`);
  }
  if (!timingSafeEqual(packet.subarray(0, 8), sha1(authKey).subarray(12, 20))) {
    throw new SecurityError('auth_key_id', 'auth_key_id does not match the auth key');
  }
  const msgKey = packet.subarray(8, 24);
  const { key, iv } = deriveAesKeyIvV1(authKey, msgKey, 0);
  const plain = aesIgeDecrypt(packet.subarray(24), key, iv);
  const length = new DataView(plain.buffer, plain.byteOffset, plain.byteLength).getUint32(28, true);
  if (length > plain.length - 32 || plain.length - 32 - length > 15) {
    throw new SecurityError('message_length', `message_data_length ${length} does not fit ${plain.length - 32} bytes with 0..15 padding`);
  }
  const message = plain.subarray(0, 32 + length);
  if (!timingSafeEqual(computeMsgKeyV1(message), msgKey)) {
    throw new SecurityError('msg_key', 'msg_key does not match the decrypted message');
  }
  return message;
}
