/**
 * `gzip_packed#3072cfa1 packed_data:bytes = Object` helpers
 * (https://core.telegram.org/mtproto/service_messages#packed-object). Inbound data may use gzip
 * or zlib framing (mtcute sends zlib; Telegram accepts both); outbound is gzip. Inflating is
 * bounded per packet by an {@link InflateBudget}, and a gzip_packed inside another is refused.
 * @module
 */
import { platform } from '../platform/current.js';
import { DEFAULT_MAX_GZIP_SIZE, inflate, inflateBudget, type InflateBudget } from '../tl/runtime/reader.js';
import { TlError } from '../tl/errors.js';
import { readTlBytes, tlBytesSize, u32At, viewOf, writeTlBytes } from './bytes.js';
import { MtprotoError } from './errors.js';

/** Constructor id of gzip_packed. */
export const GZIP_PACKED_ID = 0x3072cfa1;
/** Requests larger than this are worth trying to compress. */
export const GZIP_THRESHOLD = 512;
/** Default cap on the inflated size of all gzip_packed objects of one packet. */
export const MAX_GUNZIP_BYTES = DEFAULT_MAX_GZIP_SIZE;

export { inflateBudget, type InflateBudget };

/** Wraps `body` in gzip_packed unconditionally (`level`: zlib's 1–9, the platform default when absent). */
export function gzipPack(body: Uint8Array, level?: number): Uint8Array {
  const packed = platform().compression.gzip(body, level);
  const out = new Uint8Array(4 + tlBytesSize(packed.length));
  viewOf(out).setUint32(0, GZIP_PACKED_ID, true);
  writeTlBytes(out, 4, packed);
  return out;
}

/** Returns gzip_packed(body) when `body` is over `threshold` bytes and packing shrinks it; otherwise `body`. */
export function maybeGzipPack(body: Uint8Array, threshold = GZIP_THRESHOLD, level?: number): Uint8Array {
  if (body.length <= threshold) return body;
  const packed = gzipPack(body, level);
  return packed.length < body.length ? packed : body;
}

/** True when `body` starts with the gzip_packed constructor. */
export function isGzipPacked(body: Uint8Array): boolean {
  return body.length >= 4 && u32At(body, 0) === GZIP_PACKED_ID;
}

/**
 * Inflates a gzip_packed object (constructor included), charging `budget` (a fresh
 * {@link MAX_GUNZIP_BYTES} one when not given). What comes out must not be gzip_packed again.
 */
export function gzipUnpack(body: Uint8Array, budget: InflateBudget = inflateBudget(MAX_GUNZIP_BYTES)): Uint8Array {
  if (!isGzipPacked(body)) throw new MtprotoError('bad-gzip', 'constructor', 'not gzip_packed', 0);
  const field = readTlBytes(body, 4);
  if (!field) throw new MtprotoError('bad-gzip', 'packed_data', 'truncated bytes', 4);
  let out: Uint8Array;
  try {
    out = inflate(field.value, MAX_GUNZIP_BYTES, budget, 0);
  } catch (err) {
    throw new MtprotoError('bad-gzip', 'packed_data', `cannot inflate: ${(err as TlError).detail ?? (err as Error).message}`, 4, { cause: err });
  }
  if (isGzipPacked(out)) throw new MtprotoError('bad-gzip', 'packed_data', 'gzip_packed nested inside gzip_packed', 4);
  return out;
}
