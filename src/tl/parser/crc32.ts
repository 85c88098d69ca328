/**
 * CRC32 (IEEE 802.3, as zlib): derives and checks TL constructor ids, and checks frames of the full transport.
 */
import * as zlib from 'node:zlib';

// zlib.crc32 exists from Node 20.15 / 22.2; older runtimes use the table below.
const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

let table: Uint32Array | undefined;
function buildTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

/** CRC32 of `data`, as an unsigned 32-bit integer. */
export function crc32Bytes(data: Uint8Array): number {
  if (native) return native(data) >>> 0;
  table ??= buildTable();
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC32 of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export function crc32(text: string): number {
  return crc32Bytes(new TextEncoder().encode(text));
}
