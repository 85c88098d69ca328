/**
 * The `encrypted_message` of auth.bindTempAuthKey (https://core.telegram.org/method/auth.bindTempAuthKey):
 * bind_auth_key_inner encrypted with the permanent key in the MTProto 1.0 envelope.
 */
import { SecurityError, decryptMessageV1, encryptMessageV1, randomBytes } from '../crypto/index.js';
import { RpcError } from '../errors.js';
import { authKeyIdOf } from './derive.js';
import { KeyExchangeError } from './errors.js';

/** bind_auth_key_inner#75a3f765 (not part of the published schemas, hence encoded here). */
export const BIND_AUTH_KEY_INNER_ID = 0x75a3f765;
const INNER_SIZE = 40;
/** random:int128 + msg_id + seq_no + length, before the inner object. */
const HEADER_SIZE = 32;

/** Fields of bind_auth_key_inner. */
export interface BindAuthKeyInner {
  nonce: bigint;
  tempAuthKeyId: bigint;
  permAuthKeyId: bigint;
  tempSessionId: bigint;
  /** Unix time at which the temporary key expires. */
  expiresAt: number;
}

/** Parameters of {@link encryptBindMessage}. */
export interface BindMessageParams extends BindAuthKeyInner {
  /** The permanent 256-byte key the temporary one is bound to. */
  permAuthKey: Uint8Array;
  /** msg_id of the message that will carry auth.bindTempAuthKey (the server compares them). */
  msgId: bigint;
  /** Source of the 16 random bytes replacing salt and session id; padding stays crypto-random. */
  random?: (n: number) => Uint8Array;
}

/**
 * Builds `encrypted_message`: perm_auth_key_id | msg_key (SHA1(plaintext)[4:20]) | AES-IGE of
 * random(16) + msg_id + seq_no 0 + length 40 + bind_auth_key_inner + 0..15 padding.
 */
export function encryptBindMessage(params: BindMessageParams): Uint8Array {
  if (params.permAuthKey.length !== 256) throw new KeyExchangeError('invalid-options', `permAuthKey must be 256 bytes, got ${params.permAuthKey.length}`);
  if (authKeyIdOf(params.permAuthKey) !== params.permAuthKeyId) {
    throw new KeyExchangeError('invalid-options', `permAuthKeyId ${params.permAuthKeyId} is not the id of permAuthKey`);
  }
  const plain = new Uint8Array(HEADER_SIZE + INNER_SIZE);
  const view = new DataView(plain.buffer);
  plain.set((params.random ?? randomBytes)(16), 0);
  view.setBigInt64(16, BigInt.asIntN(64, params.msgId), true);
  view.setInt32(24, 0, true);
  view.setInt32(28, INNER_SIZE, true);
  view.setUint32(32, BIND_AUTH_KEY_INNER_ID, true);
  view.setBigInt64(36, BigInt.asIntN(64, params.nonce), true);
  view.setBigInt64(44, BigInt.asIntN(64, params.tempAuthKeyId), true);
  view.setBigInt64(52, BigInt.asIntN(64, params.permAuthKeyId), true);
  view.setBigInt64(60, BigInt.asIntN(64, params.tempSessionId), true);
  view.setInt32(68, params.expiresAt, true);
  return encryptMessageV1(params.permAuthKey, plain);
}

/** What the server knows when it receives auth.bindTempAuthKey. */
export interface BindExpectation {
  /** Fields of the request itself. */
  permAuthKeyId: bigint;
  nonce: bigint;
  expiresAt: number;
  /** The key and session the request arrived on, and its msg_id. */
  tempAuthKeyId: bigint;
  tempSessionId: bigint;
  msgId: bigint;
}

function invalid(reason: string, cause?: unknown): RpcError {
  const err = new RpcError(400, 'ENCRYPTED_MESSAGE_INVALID', 'auth.bindTempAuthKey');
  // the reason is for server logs; the client only ever sees the error type
  (err as Error).cause = cause ?? new Error(reason);
  return err;
}

/**
 * Server side: decrypts and checks `encrypted_message` against the request and the connection it came
 * on. Any mismatch throws `RpcError(400, 'ENCRYPTED_MESSAGE_INVALID')` (its `cause` tells which check).
 */
export function decryptBindMessage(permAuthKey: Uint8Array, encrypted: Uint8Array, expected: BindExpectation): BindAuthKeyInner {
  let plain: Uint8Array;
  try {
    plain = decryptMessageV1(permAuthKey, encrypted);
  } catch (err) {
    if (err instanceof SecurityError) throw invalid(err.message, err);
    throw err;
  }
  if (plain.length !== HEADER_SIZE + INNER_SIZE) throw invalid(`message_data_length must be ${INNER_SIZE}`);
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  if (view.getBigInt64(16, true) !== expected.msgId) throw invalid('inner msg_id differs from the request msg_id');
  if (view.getInt32(24, true) !== 0) throw invalid('inner seq_no must be 0');
  if (view.getUint32(32, true) !== BIND_AUTH_KEY_INNER_ID) throw invalid('inner object is not bind_auth_key_inner');
  const inner: BindAuthKeyInner = {
    nonce: view.getBigInt64(36, true),
    tempAuthKeyId: view.getBigInt64(44, true),
    permAuthKeyId: view.getBigInt64(52, true),
    tempSessionId: view.getBigInt64(60, true),
    expiresAt: view.getInt32(68, true),
  };
  if (inner.nonce !== expected.nonce) throw invalid('nonce differs from the request');
  if (inner.permAuthKeyId !== expected.permAuthKeyId) throw invalid('perm_auth_key_id differs from the request');
  if (inner.expiresAt !== expected.expiresAt) throw invalid('expires_at differs from the request');
  if (inner.tempAuthKeyId !== expected.tempAuthKeyId) throw invalid('temp_auth_key_id is not the key the request came with');
  if (inner.tempSessionId !== expected.tempSessionId) throw invalid('temp_session_id is not the session the request came with');
  return inner;
}
