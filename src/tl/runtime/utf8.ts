/** UTF-8 helpers with fast paths for the short ASCII strings that dominate TL traffic. */
import { platform } from '../../platform/current.js';

// ignoreBOM keeps a leading U+FEFF, as the other paths do: a TL string's content is kept as sent.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

// Node's native utf8Slice skips TextDecoder's costly JS wrapper (strings are most of the bytes of
// typical TL traffic). Off Node, TextDecoder is used.
type Slice = (this: Uint8Array, s: number, e: number) => string;
const utf8Slice = (globalThis as { Buffer?: { prototype: { utf8Slice?: Slice } } }).Buffer?.prototype.utf8Slice;

/**
 * The C addon's strict decoder (native/src/utf8.c), when built: `bytes[start, end)` as a string,
 * or `undefined` for invalid UTF-8. Throws TypeError unless `bytes` is a Uint8Array and the
 * offsets are numbers, RangeError unless they are integers with `0 <= start <= end <= bytes.length`.
 */
export type NativeUtf8Decoder = (bytes: Uint8Array, start: number, end: number) => string | undefined;

// The platform's fast decoder, looked up on first use (the platform is installed by the entry
// point before anything decodes). `null` = not looked up yet.
let fastDecode: NativeUtf8Decoder | undefined | null = null;
let fastMinBytes = Infinity;

/** The platform's strict decoder (the C addon on Node), or undefined. Exported for tests. */
export function nativeDecodeUtf8(): NativeUtf8Decoder | undefined {
  if (fastDecode === null) {
    const text = platform().text;
    fastDecode = text.decodeUtf8;
    fastMinBytes = text.decodeUtf8MinBytes ?? 0;
  }
  return fastDecode;
}

/** Decode `buf[start, end)`; throws TypeError on invalid UTF-8 (the caller wraps it). */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  const nativeDecode = fastDecode === null ? nativeDecodeUtf8() : fastDecode;
  if (nativeDecode !== undefined && end - start >= fastMinBytes) {
    const s = nativeDecode(buf, start, end);
    if (s === undefined) throw new TypeError('invalid UTF-8');
    return s;
  }
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
