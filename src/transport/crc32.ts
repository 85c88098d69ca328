/** CRC-32 of the full transport's frames: the same function that derives TL constructor ids. */
export { crc32Bytes as crc32 } from '../tl/parser/crc32.js';
