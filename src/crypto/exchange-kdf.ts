/**
 * Key derivations used during auth key creation (https://core.telegram.org/mtproto/auth_key).
 */
import { CryptoError } from './errors.js';
import { sha1 } from './hash.js';

/**
 * tmp_aes_key / tmp_aes_iv that protect server_DH_params and client_DH_inner_data:
 * key = SHA1(new_nonce + server_nonce) + SHA1(server_nonce + new_nonce)[0:12];
 * iv = SHA1(server_nonce + new_nonce)[12:20] + SHA1(new_nonce + new_nonce) + new_nonce[0:4].
 */
export function deriveTmpAesKeyIv(serverNonce: Uint8Array, newNonce: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
  if (newNonce.length < 4) throw new CryptoError(`deriveTmpAesKeyIv: newNonce is ${newNonce.length} bytes`);
  const a = sha1(newNonce, serverNonce);
  const b = sha1(serverNonce, newNonce);
  const c = sha1(newNonce, newNonce);
  const key = new Uint8Array(32);
  key.set(a, 0);
  key.set(b.subarray(0, 12), 20);
  const iv = new Uint8Array(32);
  iv.set(b.subarray(12, 20), 0);
  iv.set(c, 8);
  iv.set(newNonce.subarray(0, 4), 28);
  return { key, iv };
}

/** auth_key_aux_hash: SHA1(auth_key)[0:8]. */
export function computeAuthKeyAuxHash(authKey: Uint8Array): Uint8Array {
  return sha1(authKey).slice(0, 8);
}

/** new_nonce_hashN = SHA1(new_nonce + byte N + auth_key_aux_hash)[4:20]; N = 1 ok, 2 retry, 3 fail. */
export function computeNewNonceHash(newNonce: Uint8Array, authKey: Uint8Array, n: 1 | 2 | 3): Uint8Array {
  return sha1(newNonce, Uint8Array.of(n), computeAuthKeyAuxHash(authKey)).slice(4, 20);
}

/** first server_salt = new_nonce[0:8] XOR server_nonce[0:8], as the 8 wire bytes. */
export function computeFirstServerSalt(newNonce: Uint8Array, serverNonce: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = newNonce[i] ^ serverNonce[i];
  return out;
}
