/** Re-exports used by vectors.test.ts (kept separate so the test reads as data-driven). */
export { Reader, Writer, decode, encode, findByName } from '../../src/tl/index.js';
export { crc32 as crc32Of } from '../../src/tl/parser/index.js';
