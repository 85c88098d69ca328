import { platform } from '../platform/current.js';
import type { AesCtrStream } from '../platform/types.js';
import { CryptoError } from './errors.js';

/** A stateful AES-256-CTR keystream: successive `update` calls continue the same stream. */
export type AesCtr = AesCtrStream;

/** AES-256-CTR stream (obfuscated transports, CDN chunks). key 32 bytes, iv 16 bytes. */
export function createAesCtr(key: Uint8Array, iv: Uint8Array): AesCtr {
  if (key.length !== 32) throw new CryptoError(`createAesCtr: key must be 32 bytes, got ${key.length}`);
  if (iv.length !== 16) throw new CryptoError(`createAesCtr: iv must be 16 bytes, got ${iv.length}`);
  return platform().crypto.createAesCtr(key, iv);
}
