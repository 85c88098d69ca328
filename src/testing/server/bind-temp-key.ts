/**
 * The server core's own `auth.bindTempAuthKey` (https://core.telegram.org/method/auth.bindTempAuthKey):
 * it needs the request's msg_id and the key store, which world handlers do not see.
 * @module
 */
import { RpcError } from '../../errors.js';
import { decryptBindMessage } from '../../exchange/index.js';
import type { AuthKeyStore } from './auth-keys.js';
import type { ServerSession } from './session.js';

/** Fields of the auth.bindTempAuthKey request. */
export interface BindTempAuthKeyParams {
  permAuthKeyId: bigint;
  nonce: bigint;
  expiresAt: number;
  encryptedMessage: Uint8Array;
}

/** Binds the caller's temporary key to a permanent key; returns true or throws `RpcError`. */
export function bindTempAuthKey(keys: AuthKeyStore, session: ServerSession, msgId: bigint, params: BindTempAuthKeyParams): boolean {
  const method = 'auth.bindTempAuthKey';
  const temp = session.authKey;
  if (temp.expiresAt === undefined) throw new RpcError(400, 'TEMP_AUTH_KEY_EMPTY', method);
  if (temp.boundPermId !== undefined && temp.boundPermId !== params.permAuthKeyId) {
    throw new RpcError(400, 'TEMP_AUTH_KEY_ALREADY_BOUND', method);
  }
  const perm = keys.get(params.permAuthKeyId);
  if (!perm || perm.expiresAt !== undefined) throw new RpcError(400, 'ENCRYPTED_MESSAGE_INVALID', method);
  decryptBindMessage(perm.key, params.encryptedMessage, {
    permAuthKeyId: params.permAuthKeyId,
    nonce: params.nonce,
    expiresAt: params.expiresAt,
    tempAuthKeyId: temp.id,
    tempSessionId: session.sessionId,
    msgId,
  });
  keys.bind(temp, perm.id);
  return true;
}
