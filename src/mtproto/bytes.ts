/**
 * Little-endian helpers for the few places that build MTProto envelopes by hand
 * (the envelope and container layouts are fixed, so going through the TL codec buys nothing).
 * @module
 */

/** Reads a signed 64-bit little-endian integer. */
export function readLong(view: DataView, offset: number): bigint {
  return view.getBigInt64(offset, true);
}

/** Writes a 64-bit little-endian integer; accepts signed or unsigned values. */
export function writeLong(view: DataView, offset: number, value: bigint): void {
  // setBigInt64 stores the value modulo 2^64, so signed and unsigned values need no BigInt.asUintN copy
  view.setBigInt64(offset, value, true);
}

/** Unsigned little-endian 32-bit integer at `offset` (caller checks bounds); no DataView allocation. */
export function u32At(u8: Uint8Array, offset: number): number {
  return (u8[offset]! | (u8[offset + 1]! << 8) | (u8[offset + 2]! << 16) | (u8[offset + 3]! << 24)) >>> 0;
}

/** A DataView over exactly the bytes of `u8`. */
export function viewOf(u8: Uint8Array): DataView {
  return new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
}

/** Serialised size of a TL `bytes` value holding `n` bytes (length prefix and padding included). */
export function tlBytesSize(n: number): number {
  const head = n < 254 ? 1 : 4;
  return (head + n + 3) & ~3;
}

/** Writes `data` as TL `bytes` at `offset` of `out`; returns the offset after it. */
export function writeTlBytes(out: Uint8Array, offset: number, data: Uint8Array): number {
  let pos = offset;
  if (data.length < 254) {
    out[pos++] = data.length;
  } else {
    out[pos++] = 254;
    out[pos++] = data.length & 0xff;
    out[pos++] = (data.length >>> 8) & 0xff;
    out[pos++] = (data.length >>> 16) & 0xff;
  }
  out.set(data, pos);
  pos += data.length;
  while ((pos - offset) % 4 !== 0) out[pos++] = 0;
  return pos;
}

/** Reads TL `bytes` at `offset`; returns the value (a view, not a copy) and the offset after it, or null if truncated. */
export function readTlBytes(data: Uint8Array, offset: number): { value: Uint8Array; end: number } | null {
  if (offset >= data.length) return null;
  let len = data[offset]!;
  let head = 1;
  if (len === 254) {
    if (offset + 4 > data.length) return null;
    len = data[offset + 1]! | (data[offset + 2]! << 8) | (data[offset + 3]! << 16);
    head = 4;
  } else if (len === 255) {
    return null;
  }
  const end = offset + ((head + len + 3) & ~3);
  if (end > data.length) return null;
  return { value: data.subarray(offset + head, offset + head + len), end };
}

// A 64-bit value moves between bigint and two 32-bit words through one shared typed array: no
// intermediate bigints (`x >> 32n`, `x & 0xffffffffn` each allocate one).
const longCell = new BigInt64Array(1);
const longWords = new Uint32Array(longCell.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

/** High 32 bits of a 64-bit integer, signed (as the sign of the bigint). */
export function longHigh(value: bigint): number {
  longCell[0] = value;
  return longWords[HI]! | 0;
}

/** Low 32 bits of a 64-bit integer, unsigned. */
export function longLow(value: bigint): number {
  longCell[0] = value;
  return longWords[LO]!;
}

/** The signed 64-bit integer `high * 2^32 + low` (high taken modulo 2^32 as signed, low as unsigned). */
export function joinLong(high: number, low: number): bigint {
  longWords[HI] = high;
  longWords[LO] = low;
  return longCell[0]!;
}
