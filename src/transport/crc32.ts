/** CRC-32 of the full transport's frames (the same function that derives TL constructor ids). */
export { crc32 } from '../checksum.js';
