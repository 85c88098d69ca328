/**
 * The primitives tgts needs from a platform, as one object. The module-level functions in
 * `tgts/crypto` are the Node implementation; a browser build can supply another provider
 * (WebCrypto + the pure AES-IGE) that passes the same tests.
 */
import type { AesCtr } from './ctr.js';
import { createAesCtr } from './ctr.js';
import { randomBytes, sha1, sha256 } from './hash.js';
import { aesIgeDecrypt, aesIgeEncrypt } from './ige.js';
import { modPow } from './dh.js';

/** Platform crypto primitives. */
export interface CryptoProvider {
  sha1(...parts: Uint8Array[]): Uint8Array;
  sha256(...parts: Uint8Array[]): Uint8Array;
  randomBytes(n: number): Uint8Array;
  createAesCtr(key: Uint8Array, iv: Uint8Array): AesCtr;
  aesIgeEncrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array;
  aesIgeDecrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array;
  modPow(base: Uint8Array, exp: Uint8Array, mod: Uint8Array): Uint8Array;
}

/** The default provider, backed by node:crypto (and the AES-NI addon when built). */
export const nodeCryptoProvider: CryptoProvider = {
  sha1,
  sha256,
  randomBytes,
  createAesCtr,
  aesIgeEncrypt,
  aesIgeDecrypt,
  modPow,
};
