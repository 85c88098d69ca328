/**
 * Unencrypted MTProto messages, used only by the auth-key exchange
 * (https://core.telegram.org/mtproto/description#unencrypted-message):
 * `auth_key_id = 0 (int64) | msg_id (int64) | message_data_length (int32) | message_data`.
 */
import { SecurityError } from '../crypto/index.js';

/** Size of the header before the body: auth_key_id, msg_id, length. */
export const PLAIN_HEADER_SIZE = 20;

/** Upper bound on an unencrypted body: the largest exchange message (server_DH_params_ok) is < 1 KiB. */
export const MAX_PLAIN_BODY = 64 * 1024;

/** Wraps `body` (a serialized TL object) into an unencrypted message. */
export function encodePlainMessage(msgId: bigint, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(PLAIN_HEADER_SIZE + body.length);
  const view = new DataView(out.buffer);
  // bytes 0..8 stay zero: auth_key_id
  view.setBigInt64(8, BigInt.asIntN(64, msgId), true);
  view.setInt32(16, body.length, true);
  out.set(body, PLAIN_HEADER_SIZE);
  return out;
}

/** A decoded unencrypted message. */
export interface PlainMessage {
  msgId: bigint;
  body: Uint8Array;
}

/**
 * Parses an unencrypted message. Throws `SecurityError` when the packet is shorter than the header
 * (`plain-too-short`), auth_key_id is not zero (`plain-auth-key-id`), the length field does not equal
 * the bytes that follow or is not a multiple of 4 (`plain-length`), or msg_id is zero (`plain-msg-id`).
 * The returned body is a view into `packet`.
 */
export function decodePlainMessage(packet: Uint8Array): PlainMessage {
  if (packet.length < PLAIN_HEADER_SIZE) {
    throw new SecurityError('plain-too-short', `unencrypted message has ${packet.length} bytes, the header alone needs ${PLAIN_HEADER_SIZE}`);
  }
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const authKeyId = view.getBigUint64(0, true);
  if (authKeyId !== 0n) {
    throw new SecurityError('plain-auth-key-id', `auth_key_id at offset 0 must be 0 in an unencrypted message, got 0x${authKeyId.toString(16)}`);
  }
  const msgId = view.getBigInt64(8, true);
  if (msgId === 0n) throw new SecurityError('plain-msg-id', 'msg_id at offset 8 must not be 0');
  const length = view.getInt32(16, true);
  const remaining = packet.length - PLAIN_HEADER_SIZE;
  if (length !== remaining) {
    throw new SecurityError('plain-length', `message_data_length at offset 16 is ${length} but ${remaining} bytes follow`);
  }
  if (length % 4 !== 0 || length === 0) {
    throw new SecurityError('plain-length', `message_data_length at offset 16 must be a positive multiple of 4, got ${length}`);
  }
  if (length > MAX_PLAIN_BODY) {
    throw new SecurityError('plain-length', `message_data_length ${length} exceeds the ${MAX_PLAIN_BODY}-byte limit for unencrypted messages`);
  }
  return { msgId, body: packet.subarray(PLAIN_HEADER_SIZE) };
}
