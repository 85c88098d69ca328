/**
 * `gzip_packed#3072cfa1 packed_data:bytes = Object` helpers
 * (https://core.telegram.org/mtproto/service_messages#packed-object).
 * @module
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { readTlBytes, tlBytesSize, u32At, viewOf, writeTlBytes } from './bytes.js';
import { MtprotoError } from './errors.js';

/** Constructor id of gzip_packed. */
export const GZIP_PACKED_ID = 0x3072cfa1;
/** Requests larger than this are worth trying to compress. */
export const GZIP_THRESHOLD = 512;
/** Default cap on the inflated size of a gzip_packed object. */
export const MAX_GUNZIP_BYTES = 16 * 1024 * 1024;

/** Wraps `body` in gzip_packed unconditionally. */
export function gzipPack(body: Uint8Array): Uint8Array {
  const packed = gzipSync(body);
  const out = new Uint8Array(4 + tlBytesSize(packed.length));
  viewOf(out).setUint32(0, GZIP_PACKED_ID, true);
  writeTlBytes(out, 4, packed);
  return out;
}

/** Returns gzip_packed(body) when `body` is over `threshold` bytes and packing shrinks it; otherwise `body`. */
export function maybeGzipPack(body: Uint8Array, threshold = GZIP_THRESHOLD): Uint8Array {
  if (body.length <= threshold) return body;
  const packed = gzipPack(body);
  return packed.length < body.length ? packed : body;
}

/** True when `body` starts with the gzip_packed constructor. */
export function isGzipPacked(body: Uint8Array): boolean {
  return body.length >= 4 && u32At(body, 0) === GZIP_PACKED_ID;
}

/** Inflates a gzip_packed object (constructor included); never inflates beyond `maxBytes`. */
export function gzipUnpack(body: Uint8Array, maxBytes = MAX_GUNZIP_BYTES): Uint8Array {
  if (!isGzipPacked(body)) throw new MtprotoError('bad-gzip', 'constructor', 'not gzip_packed', 0);
  const field = readTlBytes(body, 4);
  if (!field) throw new MtprotoError('bad-gzip', 'packed_data', 'truncated bytes', 4);
  try {
    const out = gunzipSync(field.value, { maxOutputLength: maxBytes });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    throw new MtprotoError('bad-gzip', 'packed_data', `cannot inflate: ${(err as Error).message}`, 4, { cause: err });
  }
}
