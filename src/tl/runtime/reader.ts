/**
 * TL binary reader over a Uint8Array. Every read is bounds-checked and failures throw
 * {@link TlError} with the offset and the expected type — never a RangeError, never an
 * allocation sized by an unchecked length.
 */
import { platform } from '../../platform/current.js';
import { TlError } from '../errors.js';
import type { TlObject, TlRawVector } from './types.js';
import { BOOL_FALSE_ID, BOOL_TRUE_ID, GZIP_PACKED_ID, TRUE_ID, VECTOR_ID } from './types.js';
import { decodeUtf8 } from './utf8.js';

// Scratch space for 64-bit reads: copying 8 bytes here is cheaper than creating a DataView per reader.
const scratch = new Uint8Array(8);
const scratchLong = new BigInt64Array(scratch.buffer);
const scratchDouble = new Float64Array(scratch.buffer);
const scratchWords = new Int32Array(scratch.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reads the fields of an object whose id has been read. */
export type ObjectReaderFn = (r: Reader) => TlObject;

/**
 * How many inflated bytes the `gzip_packed` objects of one input (one packet) may produce in
 * total. Shared by every reader of that input, so a packet of many small gzip bombs — or a bomb
 * nested in a bomb — costs no more than one capped inflate.
 */
export interface InflateBudget {
  left: number;
}

/** A fresh per-input budget of `bytes` (default {@link DEFAULT_MAX_GZIP_SIZE}). */
export function inflateBudget(bytes = DEFAULT_MAX_GZIP_SIZE): InflateBudget {
  return { left: bytes };
}

const VECTOR = VECTOR_ID | 0;
const GZIP = GZIP_PACKED_ID | 0;
const BOOL_TRUE = BOOL_TRUE_ID | 0;
const BOOL_FALSE = BOOL_FALSE_ID | 0;

// Below this a reader reads too few ints to repay creating the Int32Array view. Judged on the
// window, not the buffer: the many small sub-readers of one container then create none.
const WORDS_MIN_BYTES = 512;

/** Default cap on the unpacked size of one gzip_packed object. */
export const DEFAULT_MAX_GZIP_SIZE = 16 * 1024 * 1024;

export class Reader {
  /** Cap applied to readers created without an explicit one. */
  static defaultMaxGzipSize = DEFAULT_MAX_GZIP_SIZE;

  readonly buf: Uint8Array;
  /** Current offset in `buf`. */
  pos: number;
  /** Offset just past the last readable byte. */
  readonly limit: number;
  /** Maximum unpacked size of a gzip_packed object (bytes). */
  maxGzipSize: number;
  /** Object table used by {@link object} (`Object` and `!X` fields); set by whoever creates the reader. */
  objects: ReadonlyMap<number, ObjectReaderFn> | undefined;
  /** Inflate budget shared by every reader of one input (see {@link InflateBudget}); none: each gzip_packed gets `maxGzipSize`. */
  budget: InflateBudget | undefined;
  /** This reader reads bytes that came out of a gzip_packed: another one inside is refused (Telegram never nests them). */
  inflated: boolean;
  /**
   * `bytes` fields of at least this length are returned as views of `buf` instead of copies. Set
   * it only when the caller owns `buf` and never writes to it again (a decrypted packet): the views
   * then keep the whole input alive. Default: never (every `bytes` is a copy).
   */
  viewsFrom: number;
  /**
   * 32-bit view of `buf` for aligned int reads (one load instead of four byte loads), when
   * `buf` starts 4-aligned, the host is little-endian and the input is big enough for it to pay.
   */
  private readonly words: Int32Array | undefined;

  /**
   * @param objects - the object table for `Object`/`!X` fields and {@link object}; readers of
   *   typed data need none. Sub-readers (gzip, message bodies) inherit it.
   */
  constructor(buf: Uint8Array, start = 0, end = buf.length, objects?: ReadonlyMap<number, ObjectReaderFn>) {
    if (!(start >= 0 && start <= end && end <= buf.length)) {
      throw new TlError(`invalid reader window [${start}, ${end}) of ${buf.length} bytes`, start, 'a window inside the buffer');
    }
    this.buf = buf;
    this.pos = start;
    this.limit = end;
    this.maxGzipSize = Reader.defaultMaxGzipSize;
    this.objects = objects;
    this.budget = undefined;
    this.inflated = false;
    this.viewsFrom = Infinity;
    this.words =
      LITTLE_ENDIAN && end - start >= WORDS_MIN_BYTES && (buf.byteOffset & 3) === 0
        ? new Int32Array(buf.buffer, buf.byteOffset, buf.length >>> 2)
        : undefined;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.limit - this.pos;
  }

  /** True when every byte has been read. */
  end(): boolean {
    return this.pos >= this.limit;
  }

  /** Throws unless every byte has been read. */
  assertEnd(): void {
    if (this.pos !== this.limit) throw new TlError(`${this.limit - this.pos} unread trailing bytes`, this.pos, 'end of input');
  }

  /** Copy 8 bytes at `p` into the scratch buffer in native order. */
  private load8(p: number): void {
    const w = this.words;
    if (w !== undefined && (p & 3) === 0) {
      scratchWords[0] = w[p >> 2];
      scratchWords[1] = w[(p >> 2) + 1];
      return;
    }
    const b = this.buf;
    if (LITTLE_ENDIAN) {
      scratch[0] = b[p];
      scratch[1] = b[p + 1];
      scratch[2] = b[p + 2];
      scratch[3] = b[p + 3];
      scratch[4] = b[p + 4];
      scratch[5] = b[p + 5];
      scratch[6] = b[p + 6];
      scratch[7] = b[p + 7];
    } else {
      for (let i = 0; i < 8; i++) scratch[i] = b[p + 7 - i];
    }
  }

  /** Error for input that ends before `n` more bytes of `expected`. */
  truncated(n: number, expected: string): TlError {
    return new TlError(`input truncated: need ${n} bytes, ${this.limit - this.pos} left`, this.pos, expected);
  }

  /** Error for a constructor id that is not valid where `expected` was. */
  unexpected(id: number, expected: string): TlError {
    const hex = (id >>> 0).toString(16).padStart(8, '0');
    const known = this.objects?.has(id | 0);
    const why = known ? `constructor #${hex} is not of type ${expected}` : `unknown constructor id #${hex}`;
    return new TlError(why, this.pos - 4, expected);
  }

  int(): number {
    const p = this.pos;
    if (p + 4 > this.limit) throw this.truncated(4, 'int');
    this.pos = p + 4;
    const w = this.words;
    if (w !== undefined && (p & 3) === 0) return w[p >> 2];
    const b = this.buf;
    return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
  }

  uint(): number {
    return this.int() >>> 0;
  }

  long(): bigint {
    const p = this.pos;
    if (p + 8 > this.limit) throw this.truncated(8, 'long');
    this.pos = p + 8;
    this.load8(p);
    return scratchLong[0];
  }

  /** A `long` holding a user/chat/channel id, returned as a number (no BigInt allocation). */
  longNumber(): number {
    const p = this.pos;
    if (p + 8 > this.limit) throw this.truncated(8, 'long');
    let lo: number;
    let hi: number;
    const w = this.words;
    if (w !== undefined && (p & 3) === 0) {
      lo = w[p >> 2] >>> 0;
      hi = w[(p >> 2) + 1];
    } else {
      const b = this.buf;
      lo = (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
      hi = b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24);
    }
    if (hi > 0x1fffff || hi < -0x200000) throw new TlError('id does not fit in a safe integer', p, 'long (peer id below 2^53)');
    this.pos = p + 8;
    return hi * 4294967296 + lo;
  }

  double(): number {
    const p = this.pos;
    if (p + 8 > this.limit) throw this.truncated(8, 'double');
    this.pos = p + 8;
    this.load8(p);
    return scratchDouble[0];
  }

  /** Position and length of the next string/bytes payload; advances past it and its padding. */
  private span(expected: string): number {
    const p = this.pos;
    const b = this.buf;
    if (p >= this.limit) throw this.truncated(1, expected);
    let len = b[p];
    let start = p + 1;
    if (len === 254) {
      if (p + 4 > this.limit) throw this.truncated(4, expected);
      len = b[p + 1] | (b[p + 2] << 8) | (b[p + 3] << 16);
      start = p + 4;
    } else if (len === 255) {
      throw new TlError('invalid string/bytes length prefix 0xff', p, expected);
    }
    const total = (start - p + len + 3) & ~3;
    if (p + total > this.limit) throw this.truncated(total, expected);
    this.pos = p + total;
    this.spanLen = len;
    return start;
  }

  private spanLen = 0;

  bytes(): Uint8Array {
    const start = this.span('bytes');
    const len = this.spanLen;
    return len >= this.viewsFrom ? this.buf.subarray(start, start + len) : this.buf.slice(start, start + len);
  }

  string(): string {
    const p = this.pos;
    const b = this.buf;
    let len: number;
    let start: number;
    // Short form inlined: most strings are < 254 bytes.
    if (p < this.limit && (len = b[p]) < 254) {
      start = p + 1;
      const next = p + ((len + 4) & ~3);
      if (next > this.limit) throw this.truncated(next - p, 'string');
      this.pos = next;
    } else {
      start = this.span('string');
      len = this.spanLen;
    }
    try {
      return decodeUtf8(b, start, start + len);
    } catch {
      throw new TlError('invalid UTF-8 in string', start, 'string');
    }
  }

  bool(): boolean {
    const id = this.int();
    if (id === BOOL_TRUE) return true;
    if (id === BOOL_FALSE) return false;
    throw this.unexpected(id, 'Bool');
  }

  /** Boxed `True` (true#3fedd339). */
  trueValue(): true {
    const id = this.int();
    if (id !== (TRUE_ID | 0)) throw this.unexpected(id, 'True');
    return true;
  }

  int128(): Uint8Array {
    return this.raw(16, 'int128');
  }

  int256(): Uint8Array {
    return this.raw(32, 'int256');
  }

  /** `n` raw bytes (a copy). */
  raw(n: number, expected = 'raw bytes'): Uint8Array {
    const p = this.pos;
    if (!(n >= 0) || p + n > this.limit) throw this.truncated(n, expected);
    this.pos = p + n;
    return this.buf.slice(p, p + n);
  }

  /** The next `n` bytes as a view into the input (no copy): a serialised object kept as bytes. */
  view(n: number, expected = 'serialised object'): Uint8Array {
    const p = this.pos;
    if (!(n >= 0) || p + n > this.limit) throw this.truncated(n, expected);
    this.pos = p + n;
    return this.buf.subarray(p, p + n);
  }

  /** Reads a boxed vector header and returns the element count, checked against the remaining bytes. */
  vector(minElementSize: number): number {
    const at = this.pos;
    const id = this.int();
    if (id !== VECTOR) {
      this.pos = at + 4;
      throw this.unexpected(id, 'Vector');
    }
    return this.bareVector(minElementSize);
  }

  /** Reads a bare vector count, checked so that `count * minElementSize` bytes remain. */
  bareVector(minElementSize: number): number {
    const at = this.pos;
    const n = this.int();
    if (n < 0 || n * minElementSize > this.limit - this.pos) {
      throw new TlError(`vector length ${n} exceeds the ${this.limit - this.pos} remaining bytes`, at, 'vector length');
    }
    return n;
  }

  /**
   * Reads `packed_data:bytes` of a gzip_packed object (its id has been read) and returns a
   * reader over the unpacked bytes.
   */
  gunzip(): Reader {
    const at = this.pos - 4;
    if (this.inflated) throw new TlError('gzip_packed nested inside gzip_packed', at, 'an object (not gzip_packed)');
    const packed = this.span('gzip_packed');
    const out = inflate(this.buf.subarray(packed, packed + this.spanLen), this.maxGzipSize, this.budget, at);
    const r = new Reader(out, 0, out.length, this.objects);
    r.maxGzipSize = this.maxGzipSize;
    r.budget = this.budget;
    r.inflated = true;
    return r;
  }

  /**
   * Reads any boxed object (api or mt constructor or method; gzip_packed is unpacked).
   * A boxed vector here (its element type is unknown) is returned as {@link TlRawVector}
   * holding the rest of the input.
   */
  object(): TlObject {
    try {
      return this.objectUnchecked();
    } catch (e) {
      throw asTlError(e, this.pos, 'Object');
    }
  }

  private objectUnchecked(): TlObject {
    const table = this.objects;
    if (!table) throw new TlError('this reader has no object table (create it with one to read Object fields)', this.pos, 'Object');
    const id = this.int();
    if (id === GZIP) return this.gunzip().objectUnchecked();
    if (id === VECTOR) {
      const start = this.pos - 4;
      this.pos = this.limit;
      const raw: TlRawVector = { _: 'vector', raw: this.buf.slice(start, this.limit) };
      return raw;
    }
    const fn = table.get(id);
    if (fn === undefined) throw this.unexpected(id, 'Object');
    return fn(this);
  }
}

/**
 * Turns anything thrown while decoding into a TlError: deep nesting in forged input ends in
 * a stack overflow RangeError, which must not escape as such.
 */
export function asTlError(e: unknown, offset: number, expected: string): TlError {
  if (e instanceof TlError) return e;
  if (e instanceof RangeError) return new TlError('input nested too deeply', offset, expected);
  return new TlError(`decode failed: ${(e as Error)?.message ?? String(e)}`, offset, expected);
}

/**
 * Inflates `packed` (gzip or zlib framing) into at most `min(max, budget.left)` bytes, charging
 * the budget. Failures are TlErrors at `at` (the gzip_packed constructor).
 */
export function inflate(packed: Uint8Array, max: number, budget: InflateBudget | undefined, at: number): Uint8Array {
  const cap = budget === undefined ? max : Math.min(max, budget.left);
  if (cap <= 0) throw new TlError('gzip_packed: the inflate budget of this input is used up', at, 'gzip_packed');
  let out: Uint8Array;
  try {
    out = platform().compression.gunzip(packed, cap);
  } catch (e) {
    const tooBig = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError;
    throw new TlError(tooBig ? `gzip_packed unpacks to more than ${cap} bytes` : 'invalid gzip_packed data (neither gzip nor zlib)', at, 'gzip_packed');
  }
  if (budget !== undefined) budget.left -= out.length;
  return out;
}
