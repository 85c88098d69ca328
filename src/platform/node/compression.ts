/**
 * The Node implementation of {@link PlatformCompression} (node:zlib). `unzipSync` takes gzip
 * and zlib framing alike, as Telegram does for `gzip_packed`; `maxOutputLength` bounds the
 * output while inflating, so a bomb never allocates more than the cap.
 * @module
 */
import { gzipSync, unzipSync } from 'node:zlib';
import type { PlatformCompression } from '../types.js';

function bytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export const nodeCompression: PlatformCompression = {
  gzip: (data, level) => bytes(level === undefined ? gzipSync(data) : gzipSync(data, { level })),
  gunzip: (data, maxBytes) => bytes(unzipSync(data, { maxOutputLength: Math.max(1, maxBytes) })),
};
