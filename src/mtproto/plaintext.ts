/**
 * The inner (decrypted) layout of an MTProto 2.0 encrypted message
 * (https://core.telegram.org/mtproto/description#encrypted-message-encrypted-data):
 * salt:long session_id:long msg_id:long seq_no:int message_data_length:int message_data:bytes.
 * Padding is added and removed by crypto's `encryptMessage` / `decryptMessage`.
 * @module
 */
import { readLong, viewOf, writeLong } from './bytes.js';
import { MtprotoError } from './errors.js';

/** Size of the header before `message_data`. */
export const PLAINTEXT_HEADER_SIZE = 32;
/**
 * Largest message body accepted. Telegram caps packets near 1 MiB, but answers a 1 MiB
 * `upload.getFile` in one message (1 MiB of bytes plus its envelope, gotd#412): leave room for it.
 */
export const MAX_MESSAGE_BODY = 1024 * 1024 + 4096;

/** One decrypted MTProto message. */
export interface EncryptedPlaintext {
  salt: bigint;
  sessionId: bigint;
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
}

/** Checks a message body's length against the envelope rules. */
export function checkBodyLength(length: number): void {
  if (length % 4 !== 0) throw new MtprotoError('bad-plaintext', 'body', `length ${length} is not a multiple of 4`);
  if (length > MAX_MESSAGE_BODY) throw new MtprotoError('too-large', 'body', `length ${length} exceeds ${MAX_MESSAGE_BODY}`);
}

/** Writes the 32-byte header of `message` (whose body is `bodyLength` bytes) into `out` at `at`. */
export function writePlaintextHeader(out: Uint8Array, at: number, message: Omit<EncryptedPlaintext, 'body'>, bodyLength: number): void {
  const view = viewOf(out);
  writeLong(view, at, message.salt);
  writeLong(view, at + 8, message.sessionId);
  writeLong(view, at + 16, message.msgId);
  view.setInt32(at + 24, message.seqNo, true);
  view.setInt32(at + 28, bodyLength, true);
}

/** Serialises the header and body (no padding). `body.length` must be a multiple of 4. */
export function encodeEncryptedPlaintext(message: EncryptedPlaintext): Uint8Array {
  const { body } = message;
  checkBodyLength(body.length);
  const out = new Uint8Array(PLAINTEXT_HEADER_SIZE + body.length);
  writePlaintextHeader(out, 0, message, body.length);
  out.set(body, PLAINTEXT_HEADER_SIZE);
  return out;
}

/**
 * Parses a decrypted message. Trailing bytes after `message_data` (padding left in by the caller)
 * are tolerated up to 1024 bytes. The returned body is a view into `plaintext`.
 */
export function decodeEncryptedPlaintext(plaintext: Uint8Array): EncryptedPlaintext {
  if (plaintext.length < PLAINTEXT_HEADER_SIZE) {
    throw new MtprotoError('bad-plaintext', 'header', `needs ${PLAINTEXT_HEADER_SIZE} bytes, got ${plaintext.length}`, 0);
  }
  const view = viewOf(plaintext);
  const length = view.getInt32(28, true);
  const available = plaintext.length - PLAINTEXT_HEADER_SIZE;
  if (length < 0 || length % 4 !== 0) throw new MtprotoError('bad-plaintext', 'message_data_length', `invalid length ${length}`, 28);
  if (length > available) throw new MtprotoError('bad-plaintext', 'message_data_length', `${length} exceeds the ${available} bytes present`, 28);
  if (available - length > 1024) throw new MtprotoError('bad-plaintext', 'padding', `${available - length} trailing bytes (max 1024)`, 32 + length);
  return {
    salt: readLong(view, 0),
    sessionId: readLong(view, 8),
    msgId: readLong(view, 16),
    seqNo: view.getInt32(24, true),
    body: plaintext.subarray(PLAINTEXT_HEADER_SIZE, PLAINTEXT_HEADER_SIZE + length),
  };
}
