/**
 * The body of `auth.bindTempAuthKey` (https://core.telegram.org/method/auth.bindTempAuthKey):
 * the binding message is tied to one msg_id and one session, so it is built per attempt.
 * @module
 */
import { randomBytes } from '../../../crypto/index.js';
import { authKeyIdOf, encryptBindMessage } from '../../../exchange/index.js';
import { writeRequest } from '../../../tl/codec.js';
import { Writer } from '../../../tl/runtime/writer.js';

/** What one bind attempt needs. */
export interface BindRequestParams {
  permAuthKey: Uint8Array;
  tempAuthKey: Uint8Array;
  /** Session the request travels in (temp_session_id). */
  sessionId: bigint;
  /** msg_id the request travels under (repeated inside the encrypted message). */
  msgId: bigint;
  /** Server unix time at which the temporary key expires. */
  expiresAt: number;
  /** Random long; drawn when absent. */
  nonce?: bigint;
}

function randomLong(): bigint {
  return new DataView(randomBytes(8).buffer).getBigInt64(0, true);
}

/** Serialises `auth.bindTempAuthKey` for exactly this msg_id and session. */
export function encodeBindRequest(params: BindRequestParams): Uint8Array {
  const permAuthKeyId = authKeyIdOf(params.permAuthKey);
  const nonce = params.nonce ?? randomLong();
  const encryptedMessage = encryptBindMessage({
    permAuthKey: params.permAuthKey,
    permAuthKeyId,
    tempAuthKeyId: authKeyIdOf(params.tempAuthKey),
    tempSessionId: params.sessionId,
    expiresAt: params.expiresAt,
    nonce,
    msgId: params.msgId,
  });
  const w = new Writer(256);
  writeRequest(w, { _: 'auth.bindTempAuthKey', permAuthKeyId, nonce, expiresAt: params.expiresAt, encryptedMessage });
  return w.finish();
}
