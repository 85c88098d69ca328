/** Small byte helpers shared by the client and server sides of the exchange. */
import { sha1 } from '../crypto/index.js';
import { fromHex, toHex } from '../encoding.js';

/** auth_key_id: the low 64 bits of SHA1(auth_key), read as a little-endian int64 (TL long). */
export function authKeyIdOf(authKey: Uint8Array): bigint {
  return readLongLE(sha1(authKey).subarray(12, 20));
}

/** Reads 8 bytes as a little-endian signed int64 (TL long). */
export function readLongLE(bytes: Uint8Array): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigInt64(0, true);
}

/** Big-endian unsigned bytes of a positive bigint, without leading zeros (TL `bytes` of p, q, pq). */
export function bigIntToMinimalBytes(value: bigint): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return fromHex(hex);
}

/** Big-endian unsigned bytes → bigint. */
export function bytesToBigIntBE(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${toHex(bytes)}`);
}

/** Lower-case hex of `bytes`, for error messages. */
export { toHex };

/** A byte string padded with random bytes to a multiple of 16 (AES-IGE input). */
export function padTo16(data: Uint8Array, random: (n: number) => Uint8Array): Uint8Array {
  const pad = (16 - (data.length % 16)) % 16;
  if (pad === 0) return data;
  const out = new Uint8Array(data.length + pad);
  out.set(data);
  out.set(random(pad), data.length);
  return out;
}
