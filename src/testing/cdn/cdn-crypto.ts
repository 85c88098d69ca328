/**
 * CDN chunk encryption (spec §6.5): AES-256-CTR under the redirect's key, with the IV's bytes 12..15
 * replaced by the big-endian `offset / 16` of the chunk, so any 16-byte-aligned chunk decrypts alone.
 * @module
 */
import { createCipheriv } from 'node:crypto';

/** The IV of the chunk at `offset` (a multiple of 16). */
export function cdnChunkIv(iv: Uint8Array, offset: number): Uint8Array {
  const out = new Uint8Array(iv);
  new DataView(out.buffer).setUint32(12, Math.floor(offset / 16) >>> 0, false);
  return out;
}

/** Encrypts (or, being CTR, decrypts) `bytes` found at `offset` of the file. */
export function cdnCrypt(key: Uint8Array, iv: Uint8Array, offset: number, bytes: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-256-ctr', key, cdnChunkIv(iv, offset));
  const out = cipher.update(bytes);
  cipher.final();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
