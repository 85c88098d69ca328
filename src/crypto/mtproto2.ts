/**
 * MTProto 2.0 message encryption (https://core.telegram.org/mtproto/description).
 * x = 0 for messages sent by the client, x = 8 for messages sent by the server.
 */
import { CryptoError, SecurityError } from './errors.js';
import { randomFill, sha1, sha256, sha256Of, timingSafeEqual } from './hash.js';
import { aesIgeDecrypt, aesIgeDecryptPure, aesIgeEncryptInto, aesIgeEncryptPure } from './ige.js';
import { platform } from '../platform/current.js';

/** Who sent a message: selects x = 0 (client) or x = 8 (server). */
export type MessageDirection = 'client' | 'server';

/** Bytes before `message_data`: salt(8) session_id(8) msg_id(8) seq_no(4) length(4). */
export const MESSAGE_HEADER_SIZE = 32;
const MIN_PADDING = 12;
const MAX_PADDING = 1024;
/** Bytes of auth_key that prefix the plaintext in the msg_key hash. */
const MSG_KEY_PREFIX = 32;

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

// auth_key_id is SHA-1 of the key: computed once per key, not once per message. Keyed by the
// array object, so a key mutated in place would be stale — auth keys are never mutated.
const keyIds = new WeakMap<Uint8Array, Uint8Array>();

function authKeyIdBytes(authKey: Uint8Array): Uint8Array {
  let id = keyIds.get(authKey);
  if (!id) {
    id = sha1(authKey).slice(12, 20);
    keyIds.set(authKey, id);
  }
  return id;
}

/**
 * SHA-256 over `buf`, whose first 32 bytes are reserved for auth_key[88+x : 120+x] and the rest
 * is the padded plaintext: one hash call over one buffer, no concatenation copy.
 */
function msgKeyLargeInPlace(authKey: Uint8Array, buf: Uint8Array, x: 0 | 8): Uint8Array {
  buf.set(authKey.subarray(88 + x, 120 + x), 0);
  return sha256Of(buf);
}

function msgKeyLarge(authKey: Uint8Array, plaintext: Uint8Array, x: 0 | 8): Uint8Array {
  const buf = new Uint8Array(MSG_KEY_PREFIX + plaintext.length);
  buf.set(plaintext, MSG_KEY_PREFIX);
  return msgKeyLargeInPlace(authKey, buf, x);
}

/** msg_key: the middle 128 bits of SHA-256(auth_key[88+x : 120+x] + plaintext_with_padding). */
export function computeMsgKey(authKey: Uint8Array, plaintext: Uint8Array, x: 0 | 8): Uint8Array {
  checkAuthKey('computeMsgKey', authKey);
  return msgKeyLarge(authKey, plaintext, x).slice(8, 24);
}

// Scratch input of the two KDF hashes (16 + 36 bytes each); single-threaded, never escapes.
const kdfA = new Uint8Array(52);
const kdfB = new Uint8Array(52);

/** AES-256-IGE key and iv for one message, from auth_key and msg_key (MTProto 2.0 KDF). */
export function deriveAesKeyIv(authKey: Uint8Array, msgKey: Uint8Array, x: 0 | 8): { key: Uint8Array; iv: Uint8Array } {
  checkAuthKey('deriveAesKeyIv', authKey);
  if (msgKey.length !== 16) throw new CryptoError(`deriveAesKeyIv: msgKey must be 16 bytes, got ${msgKey.length}`);
  // sha256_a = SHA256(msg_key + auth_key[x : x+36]); sha256_b = SHA256(auth_key[40+x : 76+x] + msg_key)
  kdfA.set(msgKey, 0);
  kdfA.set(authKey.subarray(x, x + 36), 16);
  kdfB.set(authKey.subarray(40 + x, 76 + x), 0);
  kdfB.set(msgKey, 36);
  const a = sha256Of(kdfA);
  const b = sha256Of(kdfB);
  // key and iv share one allocation
  const both = new Uint8Array(64);
  const key = both.subarray(0, 32);
  const iv = both.subarray(32, 64);
  key.set(a.subarray(0, 8), 0);
  key.set(b.subarray(8, 24), 8);
  key.set(a.subarray(24, 32), 24);
  iv.set(b.subarray(0, 8), 0);
  iv.set(a.subarray(8, 24), 8);
  iv.set(b.subarray(24, 32), 24);
  return { key, iv };
}

/** auth_key_id: the low 64 bits of SHA-1(auth_key), i.e. bytes 12..20, as they appear on the wire. */
export function computeAuthKeyId(authKey: Uint8Array): Uint8Array {
  checkAuthKey('computeAuthKeyId', authKey);
  return authKeyIdBytes(authKey).slice();
}

/** auth_key_id as the TL `long` the wire bytes encode (little-endian, signed). */
export function computeAuthKeyIdBigInt(authKey: Uint8Array): bigint {
  const id = computeAuthKeyId(authKey);
  return new DataView(id.buffer, id.byteOffset, 8).getBigInt64(0, true);
}

/** Random padding length: 12..27 to reach a 16-byte multiple, plus 0..15 extra blocks to blur sizes. */
function paddingLength(dataLength: number, randomByte: number): number {
  let pad = (16 - ((dataLength + MIN_PADDING) % 16)) % 16 + MIN_PADDING;
  pad += 16 * (randomByte & 0x0f);
  return pad;
}

const oneByte = new Uint8Array(1);

/** Encrypts `buf` = reserved 32 bytes + padded plaintext into `auth_key_id | msg_key | ciphertext`. */
function encryptReserved(authKey: Uint8Array, buf: Uint8Array, x: 0 | 8): Uint8Array {
  const padded = buf.subarray(MSG_KEY_PREFIX);
  const msgKey = msgKeyLargeInPlace(authKey, buf, x).subarray(8, 24);
  const { key, iv } = deriveAesKeyIv(authKey, msgKey, x);
  const out = new Uint8Array(24 + padded.length);
  out.set(authKeyIdBytes(authKey), 0);
  out.set(msgKey, 8);
  aesIgeEncryptInto(padded, key, iv, out.subarray(24));
  return out;
}

/**
 * Encrypts an already padded plaintext (length a multiple of 16) into
 * `auth_key_id | msg_key | ciphertext`. Exposed for test vectors with fixed padding;
 * normal callers use {@link encryptMessage}.
 */
export function encryptPadded(authKey: Uint8Array, padded: Uint8Array, x: 0 | 8): Uint8Array {
  checkAuthKey('encryptPadded', authKey);
  if (padded.length % 16 !== 0) throw new CryptoError(`encryptPadded: padded length ${padded.length} is not a multiple of 16`);
  const buf = new Uint8Array(MSG_KEY_PREFIX + padded.length);
  buf.set(padded, MSG_KEY_PREFIX);
  return encryptReserved(authKey, buf, x);
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
  const pad = paddingLength(plaintext.length, randomFill(oneByte)[0]!);
  // one buffer: 32 bytes reserved for the msg_key hash prefix, the plaintext, random padding
  const buf = new Uint8Array(MSG_KEY_PREFIX + plaintext.length + pad);
  buf.set(plaintext, MSG_KEY_PREFIX);
  randomFill(buf.subarray(MSG_KEY_PREFIX + plaintext.length));
  return encryptReserved(authKey, buf, x);
}

/** Offset of `salt` in a buffer from {@link allocSealBuffer}: the msg_key hash prefix comes first. @internal */
export const SEAL_PLAINTEXT_OFFSET = MSG_KEY_PREFIX;

/**
 * One buffer for a message of `plaintextLength` bytes (salt..message_data) to be encrypted in place
 * by {@link sealInPlace}: 32 reserved bytes, the plaintext (written by the caller at
 * {@link SEAL_PLAINTEXT_OFFSET}), then room for the random padding. @internal
 */
export function allocSealBuffer(plaintextLength: number): Uint8Array {
  if (plaintextLength < MESSAGE_HEADER_SIZE) {
    throw new CryptoError(`allocSealBuffer: plaintext is ${plaintextLength} bytes, shorter than the 32-byte header`);
  }
  return new Uint8Array(MSG_KEY_PREFIX + plaintextLength + paddingLength(plaintextLength, randomFill(oneByte)[0]!));
}

/**
 * Pads, authenticates and encrypts the plaintext of a buffer from {@link allocSealBuffer} where it
 * lies: the padding is filled with random bytes, msg_key is hashed over the reserved prefix and the
 * padded plaintext, and the result `auth_key_id | msg_key | ciphertext` is a view of `buf` from
 * offset 8 (no copy of the payload). @internal
 */
export function sealInPlace(authKey: Uint8Array, buf: Uint8Array, plaintextLength: number, direction: MessageDirection): Uint8Array {
  const x = xFor(direction);
  const padded = sealPrepare('sealInPlace', authKey, buf, plaintextLength, x);
  const { key, iv } = sealKeys(authKey, buf, sha256Of(buf), x);
  const fast = platform().crypto.aesIge;
  // block i is read before block i of the output is written: in place is safe
  if (fast !== undefined) fast.encrypt(padded, key, iv, padded);
  else padded.set(aesIgeEncryptPure(padded, key, iv));
  return buf.subarray(8);
}

/**
 * {@link sealInPlace} with the msg_key hash and the AES-IGE pass run off the JS thread when the
 * platform can ({@link offThreadCrypto}); the same steps in the same order. `buf` must not be
 * touched until the promise settles. Argument errors throw synchronously. @internal
 */
export function sealInPlaceAsync(authKey: Uint8Array, buf: Uint8Array, plaintextLength: number, direction: MessageDirection): Promise<Uint8Array> {
  const off = platform().crypto.offThread;
  if (off === undefined) return Promise.resolve(sealInPlace(authKey, buf, plaintextLength, direction));
  const x = xFor(direction);
  const padded = sealPrepare('sealInPlace', authKey, buf, plaintextLength, x);
  const digest = new Uint8Array(32);
  return off
    .sha256(buf, digest)
    .then(() => {
      const { key, iv } = sealKeys(authKey, buf, digest, x);
      return off.ige(true, padded, key, iv, padded, undefined);
    })
    .then(() => buf.subarray(8));
}

/** The checks of a seal buffer, its random padding and the msg_key hash prefix; returns the padded plaintext. */
function sealPrepare(fn: string, authKey: Uint8Array, buf: Uint8Array, plaintextLength: number, x: 0 | 8): Uint8Array {
  checkAuthKey(fn, authKey);
  const padded = buf.subarray(MSG_KEY_PREFIX);
  const pad = padded.length - plaintextLength;
  if (padded.length % 16 !== 0 || pad < MIN_PADDING || pad > MAX_PADDING) {
    throw new CryptoError(`${fn}: ${padded.length} bytes do not hold ${plaintextLength} plaintext bytes and valid padding`);
  }
  randomFill(padded.subarray(plaintextLength));
  buf.set(authKey.subarray(88 + x, 120 + x), 0);
  return padded;
}

/**
 * From the msg_key hash of a prepared seal buffer: the AES key and IV, and the envelope header
 * written over the hashed prefix (its first 8 bytes cleared: no key bytes left in the buffer; its
 * last 24 take auth_key_id and msg_key).
 */
function sealKeys(authKey: Uint8Array, buf: Uint8Array, digest: Uint8Array, x: 0 | 8): { key: Uint8Array; iv: Uint8Array } {
  const msgKey = digest.subarray(8, 24);
  const keys = deriveAesKeyIv(authKey, msgKey, x);
  buf.fill(0, 0, 8);
  buf.set(authKeyIdBytes(authKey), 8);
  buf.set(msgKey, 16);
  return keys;
}

/**
 * Decrypts and authenticates one MTProto 2.0 message.
 * @param direction who SENT the packet ('server' when a client decrypts what it received).
 * @returns salt..message_data without the padding.
 * @throws SecurityError with `rule` one of `auth_key_id`, `packet_length`, `msg_key`, `message_length`, `padding`.
 */
export function decryptMessage(authKey: Uint8Array, packet: Uint8Array, direction: MessageDirection): Uint8Array {
  const x = xFor(direction);
  const { msgKey, key, iv } = checkedEnvelope('decryptMessage', authKey, packet, x);
  // decrypt behind 32 reserved bytes so the msg_key check hashes one buffer without a copy
  const encrypted = packet.subarray(24);
  const buf = new Uint8Array(MSG_KEY_PREFIX + encrypted.length);
  const fast = platform().crypto.aesIge;
  if (fast !== undefined) fast.decrypt(encrypted, key, iv, buf.subarray(MSG_KEY_PREFIX));
  else buf.set(aesIgeDecrypt(encrypted, key, iv), MSG_KEY_PREFIX);
  const plain = buf.subarray(MSG_KEY_PREFIX);
  // Verify msg_key before looking at any decrypted field.
  if (!timingSafeEqual(msgKeyLargeInPlace(authKey, buf, x).subarray(8, 24), msgKey)) {
    throw new SecurityError('msg_key', 'msg_key does not match the decrypted message');
  }
  buf.fill(0, 0, MSG_KEY_PREFIX); // the result shares this buffer: no key bytes left in it
  return checkedPlaintext(plain);
}

/**
 * The checks before decryption, shared by both decrypt paths: the key, the packet's length rules and its
 * auth_key_id; returns its msg_key and the AES key and IV derived from it.
 */
function checkedEnvelope(fn: string, authKey: Uint8Array, packet: Uint8Array, x: 0 | 8): { msgKey: Uint8Array; key: Uint8Array; iv: Uint8Array } {
  checkAuthKey(fn, authKey);
  if (packet.length < 8 + 16 + MESSAGE_HEADER_SIZE) {
    throw new SecurityError('packet_length', `packet is ${packet.length} bytes, below the minimum of ${8 + 16 + MESSAGE_HEADER_SIZE}`);
  }
  if ((packet.length - 24) % 16 !== 0) {
    throw new SecurityError('packet_length', `encrypted part is ${packet.length - 24} bytes, not a multiple of 16`);
  }
  if (!timingSafeEqual(packet.subarray(0, 8), authKeyIdBytes(authKey))) {
    throw new SecurityError('auth_key_id', 'auth_key_id does not match the auth key');
  }
  const msgKey = packet.subarray(8, 24);
  return { msgKey, ...deriveAesKeyIv(authKey, msgKey, x) };
}

/** The length and padding rules of a decrypted (and authenticated) plaintext; returns it without padding. */
function checkedPlaintext(plain: Uint8Array): Uint8Array {
  const length = (plain[28]! | (plain[29]! << 8) | (plain[30]! << 16) | (plain[31]! << 24)) >>> 0;
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

/**
 * {@link decryptMessage} that decrypts `packet` where it lies (the caller owns it and drops it
 * afterwards): the same checks in the same order, msg_key verified before any decrypted field is
 * read; the result is a view of `packet`. On a failure the packet's bytes are garbage. @internal
 */
export function decryptMessageInPlace(authKey: Uint8Array, packet: Uint8Array, direction: MessageDirection): Uint8Array {
  const x = xFor(direction);
  const { msgKey, key, iv } = checkedEnvelope('decryptMessageInPlace', authKey, packet, x);
  const plain = packet.subarray(24);
  const fast = platform().crypto.aesIge;
  if (fast !== undefined) fast.decrypt(plain, key, iv, plain);
  else plain.set(aesIgeDecryptPure(plain, key, iv));
  // two-part hash: no room for the prefix here
  return checkedDecryption(sha256(authKey.subarray(88 + x, 120 + x), plain), msgKey, plain);
}

/**
 * {@link decryptMessageInPlace} with the AES-IGE pass and the msg_key hash run off the JS thread
 * when the platform can ({@link offThreadCrypto}): the same checks in the same order, msg_key
 * compared before any decrypted field is read. The envelope checks throw synchronously; `packet`
 * must not be touched until the promise settles. @internal
 */
export function decryptMessageInPlaceAsync(authKey: Uint8Array, packet: Uint8Array, direction: MessageDirection): Promise<Uint8Array> {
  const off = platform().crypto.offThread;
  if (off === undefined) return Promise.resolve().then(() => decryptMessageInPlace(authKey, packet, direction));
  const x = xFor(direction);
  const { msgKey, key, iv } = checkedEnvelope('decryptMessageInPlace', authKey, packet, x);
  const plain = packet.subarray(24);
  const digest = new Uint8Array(32);
  return off.ige(false, plain, key, iv, plain, { prefix: authKey.subarray(88 + x, 120 + x), digest }).then(() => checkedDecryption(digest, msgKey, plain));
}

/** Verifies msg_key (the middle of `digest`) before looking at any decrypted field, then the plaintext rules. */
function checkedDecryption(digest: Uint8Array, msgKey: Uint8Array, plain: Uint8Array): Uint8Array {
  if (!timingSafeEqual(digest.subarray(8, 24), msgKey)) {
    throw new SecurityError('msg_key', 'msg_key does not match the decrypted message');
  }
  return checkedPlaintext(plain);
}

/** Payloads from this size on are worth the off-thread paths (a thread-pool round trip costs tens of µs). @internal */
export const OFF_THREAD_MIN_BYTES = 64 * 1024;

/** Whether a payload of `length` bytes should take the off-thread paths on this platform. @internal */
export function offThreadCrypto(length: number): boolean {
  return length >= OFF_THREAD_MIN_BYTES && platform().crypto.offThread !== undefined;
}
