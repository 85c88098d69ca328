/** UTF-8 helpers with fast paths for the short ASCII strings that dominate TL traffic. */

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

// Node's native utf8Slice skips TextDecoder's costly JS wrapper (strings are most of the bytes of
// typical TL traffic). Off Node, TextDecoder is used.
type Slice = (this: Uint8Array, s: number, e: number) => string;
const utf8Slice = (globalThis as { Buffer?: { prototype: { utf8Slice?: Slice } } }).Buffer?.prototype.utf8Slice;

/** Decode `buf[start, end)`; throws TypeError on invalid UTF-8 (the caller wraps it). */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  if (utf8Slice !== undefined) {
    const s = utf8Slice.call(buf, start, end);
    // Invalid input shows up as U+FFFD; only then run the validating decoder (which also
    // accepts a genuine U+FFFD in the text).
    if (s.indexOf('\ufffd') === -1) return s;
  }
  return decoder.decode(buf.subarray(start, end));
}

/** Encode `s` into `buf` at `pos` (caller guarantees 3 * s.length bytes of room); returns bytes written. */
export function encodeUtf8Into(s: string, buf: Uint8Array, pos: number): number {
  const n = s.length;
  if (n <= 64) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[pos + i] = c;
    }
    if (i === n) return n;
    return i + encoder.encodeInto(s.slice(i), buf.subarray(pos + i)).written;
  }
  return encoder.encodeInto(s, buf.subarray(pos)).written;
}
