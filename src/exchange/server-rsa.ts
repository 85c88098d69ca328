/**
 * Decryption of `req_DH_params.encrypted_data` on the server. Telegram accepts two encodings of
 * p_q_inner_data (https://core.telegram.org/mtproto/auth_key): RSA_PAD, which current clients
 * (tgts, mtcute, GramJS) send, and the older `RSA(SHA1(data) + data + padding)` that Telethon and
 * other clients still send. Both start with the same raw RSA operation.
 * @module
 */
import { SecurityError, bigIntToBytes, bytesToBigInt, rsaDecryptRaw, rsaPadUnwrap, sha1, timingSafeEqual } from '../crypto/index.js';
import { clientTables } from '../tl/codec.js';
import { TlError } from '../tl/errors.js';
import { Reader } from '../tl/runtime/reader.js';

/** Which encoding the client used. */
export type InnerDataScheme = 'rsa_pad' | 'sha1';

/** The decrypted p_q_inner_data (followed by the client's random padding) and its encoding. */
export interface DecryptedInnerData {
  data: Uint8Array;
  scheme: InnerDataScheme;
}

/** Length of the boxed TL object at the start of `data`, or undefined when it is not valid TL. */
function objectLength(data: Uint8Array): number | undefined {
  try {
    const r = new Reader(data, 0, data.length, clientTables.readers);
    r.object();
    return r.pos;
  } catch (err) {
    if (err instanceof TlError) return undefined;
    throw err;
  }
}

/**
 * The older encoding: 255 bytes `SHA1(data) + data + padding` encrypted as one number, so the raw
 * 256-byte value starts with a zero byte; `data` is self-delimiting TL, which tells where the hash
 * input ends.
 */
function unwrapSha1(raw: Uint8Array): Uint8Array | undefined {
  if (raw[0] !== 0) return undefined;
  const hash = raw.subarray(1, 21);
  const rest = raw.subarray(21);
  const length = objectLength(rest);
  if (length === undefined || !timingSafeEqual(sha1(rest.subarray(0, length)), hash)) return undefined;
  return rest.slice();
}

/**
 * Decrypts encrypted_data with the server's private key, accepting either encoding.
 * @throws SecurityError `rsa_pad_length` / `rsa_pad_range` (not a 256-byte value below the modulus),
 * `rsa-inner-hash` (neither encoding's hash matches).
 */
export function decryptInnerData(encrypted: Uint8Array, privateKeyPem: string): DecryptedInnerData {
  if (encrypted.length !== 256) throw new SecurityError('rsa_pad_length', `encrypted_data must be 256 bytes, got ${encrypted.length}`);
  const raw = bigIntToBytes(bytesToBigInt(rsaDecryptRaw(encrypted, privateKeyPem)), 256);
  try {
    return { data: rsaPadUnwrap(raw), scheme: 'rsa_pad' };
  } catch (err) {
    if (!(err instanceof SecurityError)) throw err;
  }
  const data = unwrapSha1(raw);
  if (data) return { data, scheme: 'sha1' };
  throw new SecurityError('rsa-inner-hash', 'encrypted_data is neither RSA_PAD (SHA256 check failed) nor SHA1(data) + data + padding (SHA1 check failed)');
}
