import { createCipheriv } from 'node:crypto';
import { CryptoError } from './errors.js';

/** A stateful AES-256-CTR keystream: successive `update` calls continue the same stream. */
export interface AesCtr {
  update(data: Uint8Array): Uint8Array;
}

/** AES-256-CTR stream (used by the obfuscated transports). key 32 bytes, iv 16 bytes. */
export function createAesCtr(key: Uint8Array, iv: Uint8Array): AesCtr {
  if (key.length !== 32) throw new CryptoError(`createAesCtr: key must be 32 bytes, got ${key.length}`);
  if (iv.length !== 16) throw new CryptoError(`createAesCtr: iv must be 16 bytes, got ${iv.length}`);
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  return {
    update(data: Uint8Array): Uint8Array {
      const out = cipher.update(data);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    },
  };
}
