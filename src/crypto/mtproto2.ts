/**
 * MTProto 2.0 message encryption (https://core.telegram.org/mtproto/description).
 * x = 0 for messages sent by the client, x = 8 for messages sent by the server.
 */
import { createHash } from 'node:crypto';
import { CryptoError, SecurityError } from './errors.js';
import { randomBytes, sha1, sha256, timingSafeEqual } from './hash.js';
import { aesIgeDecrypt, aesIgeEncryptInto } from './ige.js';

/** Who sent a message: selects x = 0 (client) or x = 8 (server). */
export type MessageDirection = 'client' | 'server';

/** Bytes before `message_data`: salt(8) session_id(8) msg_id(8) seq_no(4) length(4). */
export const MESSAGE_HEADER_SIZE = 32;
const MIN_PADDING = 12;
const MAX_PADDING = 1024;

function xFor(direction: MessageDirection): 0 | 8 {
  if (direction === 'client') return 0;
  if (direction === 'server') return 8;
  throw new CryptoError(`direction must be 'client' or 'server', got ${String(direction)}`);
}

function checkAuthKey(fn: string, authKey: Uint8Array): void {
  if (!(authKey instanceof Uint8Array) || authKey.length !== 256) {
    throw new CryptoError(`${fn}: authKey must be 256 bytes, got ${authKey instanceof Uint8Array ? authKey.length : typeof authKey}`);
  }
}

function msgKeyLarge(authKey: Uint8Array, plaintext: Uint8Array, x: 0 | 8): Uint8Array {
  const h = createHash('sha256');
  h.update(authKey.subarray(88 + x, 120 + x));
  h.update(plaintext);
  const d = h.digest();
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** msg_key: the middle 128 bits of SHA-256(auth_key[88+x : 120+x] + plaintext_with_padding). */
export function computeMsgKey(authKey: Uint8Array, plaintext: Uint8Array, x: 0 | 8): Uint8Array {
  checkAuthKey('computeMsgKey', authKey);
  return msgKeyLarge(authKey, plaintext, x).slice(8, 24);
}

/** AES-256-IGE key and iv for one message, from auth_key and msg_key (MTProto 2.0 KDF). */
export function deriveAesKeyIv(authKey: Uint8Array, msgKey: Uint8Array, x: 0 | 8): { key: Uint8Array; iv: Uint8Array } {
  checkAuthKey('deriveAesKeyIv', authKey);
  if (msgKey.length !== 16) throw new CryptoError(`deriveAesKeyIv: msgKey must be 16 bytes, got ${msgKey.length}`);
  const a = sha256(msgKey, authKey.subarray(x, x + 36));
  const b = sha256(authKey.subarray(40 + x, 76 + x), msgKey);
  const key = new Uint8Array(32);
  key.set(a.subarray(0, 8), 0);
  key.set(b.subarray(8, 24), 8);
  key.set(a.subarray(24, 32), 24);
  const iv = new Uint8Array(32);
  iv.set(b.subarray(0, 8), 0);
  iv.set(a.subarray(8, 24), 8);
  iv.set(b.subarray(24, 32), 24);
  return { key, iv };
}

/** auth_key_id: the low 64 bits of SHA-1(auth_key), i.e. bytes 12..20, as they appear on the wire. */
export function computeAuthKeyId(authKey: Uint8Array): Uint8Array {
  checkAuthKey('computeAuthKeyId', authKey);
  return sha1(authKey).slice(12, 20);
}

/** auth_key_id as the TL `long` the wire bytes encode (little-endian, signed). */
export function computeAuthKeyIdBigInt(authKey: Uint8Array): bigint {
  const id = computeAuthKeyId(authKey);
  return new DataView(id.buffer, id.byteOffset, 8).getBigInt64(0, true);
}

/** Random padding length: 12..27 to reach a 16-byte multiple, plus 0..15 extra blocks to blur sizes. */
function paddingLength(dataLength: number): number {
  let pad = (16 - ((dataLength + MIN_PADDING) % 16)) % 16 + MIN_PADDING;
  pad += 16 * (randomBytes(1)[0] & 0x0f);
  return pad;
}

/**
 * Encrypts an already padded plaintext (length a multiple of 16) into
 * `auth_key_id | msg_key | ciphertext`. Exposed for test vectors with fixed padding;
 * normal callers use {@link encryptMessage}.
 */
export function encryptPadded(authKey: Uint8Array, padded: Uint8Array, x: 0 | 8): Uint8Array {
  checkAuthKey('encryptPadded', authKey);
  if (padded.length % 16 !== 0) throw new CryptoError(`encryptPadded: padded length ${padded.length} is not a multiple of 16`);
  const msgKey = msgKeyLarge(authKey, padded, x).subarray(8, 24);
  const { key, iv } = deriveAesKeyIv(authKey, msgKey, x);
  const out = new Uint8Array(24 + padded.length);
  out.set(sha1(authKey).subarray(12, 20), 0);
  out.set(msgKey, 8);
  aesIgeEncryptInto(padded, key, iv, out.subarray(24));
  return out;
}

/**
 * Encrypts one MTProto 2.0 message.
 * @param plaintext salt(8) session_id(8) msg_id(8) seq_no(4) length(4) message_data — padding is added here.
 * @param direction who sends it: 'client' (x = 0) or 'server' (x = 8).
 * @returns auth_key_id(8) | msg_key(16) | AES-256-IGE(plaintext + padding)
 */
export function encryptMessage(authKey: Uint8Array, plaintext: Uint8Array, direction: MessageDirection): Uint8Array {
  const x = xFor(direction);
  checkAuthKey('encryptMessage', authKey);
  if (plaintext.length < MESSAGE_HEADER_SIZE) {
    throw new CryptoError(`encryptMessage: plaintext is ${plaintext.length} bytes, shorter than the 32-byte header`);
  }
  const pad = paddingLength(plaintext.length);
  const padded = new Uint8Array(plaintext.length + pad);
  padded.set(plaintext, 0);
  padded.set(randomBytes(pad), plaintext.length);
  return encryptPadded(authKey, padded, x);
}

/**
 * Decrypts and authenticates one MTProto 2.0 message.
 * @param direction who SENT the packet ('server' when a client decrypts what it received).
 * @returns salt..message_data without the padding.
 * @throws SecurityError with `rule` one of `auth_key_id`, `packet_length`, `msg_key`, `message_length`, `padding`.
 */
export function decryptMessage(authKey: Uint8Array, packet: Uint8Array, direction: MessageDirection): Uint8Array {
  const x = xFor(direction);
  checkAuthKey('decryptMessage', authKey);
  if (packet.length < 8 + 16 + MESSAGE_HEADER_SIZE) {
    throw new SecurityError('packet_length', `packet is ${packet.length} bytes, below the minimum of ${8 + 16 + MESSAGE_HEADER_SIZE}`);
  }
  if ((packet.length - 24) % 16 !== 0) {
    throw new SecurityError('packet_length', `encrypted part is ${packet.length - 24} bytes, not a multiple of 16`);
  }
  if (!timingSafeEqual(packet.subarray(0, 8), sha1(authKey).subarray(12, 20))) {
    throw new SecurityError('auth_key_id', 'auth_key_id does not match the auth key');
  }
  const msgKey = packet.subarray(8, 24);
  const { key, iv } = deriveAesKeyIv(authKey, msgKey, x);
  const plain = aesIgeDecrypt(packet.subarray(24), key, iv);
  // Verify msg_key before looking at any decrypted field.
  if (!timingSafeEqual(msgKeyLarge(authKey, plain, x).subarray(8, 24), msgKey)) {
    throw new SecurityError('msg_key', 'msg_key does not match the decrypted message');
  }
  const length = new DataView(plain.buffer, plain.byteOffset, plain.byteLength).getUint32(28, true);
  const room = plain.length - MESSAGE_HEADER_SIZE;
  if (length > room) {
    throw new SecurityError('message_length', `message_data_length ${length} exceeds the ${room} bytes available`);
  }
  if (length % 4 !== 0) {
    throw new SecurityError('message_length', `message_data_length ${length} is not a multiple of 4`);
  }
  const padding = room - length;
  if (padding < MIN_PADDING || padding > MAX_PADDING) {
    throw new SecurityError('padding', `padding is ${padding} bytes, outside ${MIN_PADDING}..${MAX_PADDING}`);
  }
  return plain.subarray(0, MESSAGE_HEADER_SIZE + length);
}
