/** CRC-32 of TL lines: derives and checks constructor ids (see `src/checksum.ts`). */
import { crc32 as crc32Of } from '../../checksum.js';

/** CRC32 of `data`, as an unsigned 32-bit integer. */
export const crc32Bytes: (data: Uint8Array) => number = crc32Of;

/** CRC32 of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export function crc32(text: string): number {
  return crc32Of(new TextEncoder().encode(text));
}
