/**
 * TL binary writer into a growable Uint8Array. Primitive writers validate their argument
 * (type and range) and throw {@link TlError}; `encode`/`writeRequest` turn that into an
 * error naming the offending field path.
 */
import { platform } from '../../platform/current.js';
import { TlError } from '../errors.js';
import type { TlObject } from './types.js';
import { BOOL_FALSE_ID, BOOL_TRUE_ID, GZIP_PACKED_ID } from './types.js';
import { encodeUtf8Into } from './utf8.js';

/** Writes a boxed object chosen by its `_`. */
export type ObjectWriterFn = (w: Writer, o: TlObject) => void;

const MAX_LONG = (1n << 63n) - 1n;
const MIN_LONG = -(1n << 63n);
const MAX_ULONG = (1n << 64n) - 1n;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (typeof v === 'object') return `object${typeof (v as { _?: unknown })._ === 'string' ? ` ${(v as TlObject)._}` : ''}`;
  if (typeof v === 'string') return `string`;
  return `${typeof v} ${String(v)}`;
}

/** Error for a value that is not a valid `expected`. */
export function badValue(expected: string, v: unknown): TlError {
  return new TlError(`invalid value (${describe(v)})`, -1, expected);
}

export class Writer {
  buf: Uint8Array;
  /** Number of bytes written so far. */
  pos: number;
  private view: DataView;
  /** Writer of `Object`/`!X` fields and {@link object} (the wrapped query of invokeWithLayer…); set by whoever creates the writer. */
  objects: ObjectWriterFn | undefined;

  /**
   * @param objects - writes any boxed object by its `_`, for `Object`/`!X` fields; writers of
   *   typed data need none.
   */
  constructor(initialCapacity = 1024, objects?: ObjectWriterFn) {
    this.objects = objects;
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buf.buffer);
    this.pos = 0;
  }

  /** Ensure room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** Forget the written bytes (keeps the buffer for reuse). */
  reset(): void {
    this.pos = 0;
  }

  /** Forget the written bytes and drop a buffer larger than `capacity` (so one huge write does not pin it). */
  shrink(capacity: number): void {
    this.pos = 0;
    if (this.buf.length <= capacity) return;
    this.buf = new Uint8Array(Math.max(16, capacity));
    this.view = new DataView(this.buf.buffer);
  }

  /** 32-bit integer; accepts the signed and the unsigned range. */
  int(n: number): void {
    if ((n | 0) !== n && (n >>> 0) !== n) throw badValue('int', n);
    if (this.pos + 4 > this.buf.length) this.grow(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = n;
    b[p + 1] = n >>> 8;
    b[p + 2] = n >>> 16;
    b[p + 3] = n >>> 24;
    this.pos = p + 4;
  }

  uint(n: number): void {
    this.int(n);
  }

  /** Overwrite the int at `at` (already written). */
  patchInt(at: number, n: number): void {
    this.view.setInt32(at, n, true);
  }

  long(v: bigint): void {
    if (typeof v !== 'bigint' || v < MIN_LONG || v > MAX_ULONG) throw badValue('long', v);
    if (this.pos + 8 > this.buf.length) this.grow(8);
    if (v > MAX_LONG) this.view.setBigUint64(this.pos, v, true);
    else this.view.setBigInt64(this.pos, v, true);
    this.pos += 8;
  }

  /** A `long` given as a number (user/chat/channel ids); must be a safe integer. */
  longNumber(n: number): void {
    if (!Number.isSafeInteger(n)) throw badValue('long (safe integer id)', n);
    if (this.pos + 8 > this.buf.length) this.grow(8);
    const lo = n >>> 0;
    const hi = Math.floor(n / 4294967296) | 0;
    const b = this.buf;
    const p = this.pos;
    b[p] = lo;
    b[p + 1] = lo >>> 8;
    b[p + 2] = lo >>> 16;
    b[p + 3] = lo >>> 24;
    b[p + 4] = hi;
    b[p + 5] = hi >>> 8;
    b[p + 6] = hi >>> 16;
    b[p + 7] = hi >>> 24;
    this.pos = p + 8;
  }

  double(n: number): void {
    if (typeof n !== 'number') throw badValue('double', n);
    if (this.pos + 8 > this.buf.length) this.grow(8);
    this.view.setFloat64(this.pos, n, true);
    this.pos += 8;
  }

  /** Length prefix (1 byte, or 0xFE + 3 bytes) for a payload of `len` bytes. */
  private header(len: number): void {
    const b = this.buf;
    const p = this.pos;
    if (len <= 253) {
      b[p] = len;
      this.pos = p + 1;
    } else {
      b[p] = 254;
      b[p + 1] = len;
      b[p + 2] = len >>> 8;
      b[p + 3] = len >>> 16;
      this.pos = p + 4;
    }
  }

  private pad(len: number, headerLen: number): void {
    let n = (4 - ((len + headerLen) & 3)) & 3;
    while (n-- > 0) this.buf[this.pos++] = 0;
  }

  bytes(v: Uint8Array): void {
    if (!(v instanceof Uint8Array)) throw badValue('bytes', v);
    const len = v.length;
    if (len > 0xffffff) throw badValue('bytes (at most 16 MiB)', v);
    this.ensure(len + 8);
    this.header(len);
    this.buf.set(v, this.pos);
    this.pos += len;
    this.pad(len, len <= 253 ? 1 : 4);
  }

  string(s: string): void {
    if (typeof s !== 'string') throw badValue('string', s);
    const max = s.length * 3;
    this.ensure(max + 8);
    const p = this.pos;
    if (max <= 253) {
      const len = encodeUtf8Into(s, this.buf, p + 1);
      this.buf[p] = len;
      this.pos = p + 1 + len;
      this.pad(len, 1);
      return;
    }
    const len = encodeUtf8Into(s, this.buf, p + 4);
    if (len > 0xffffff) throw badValue('string (at most 16 MiB)', s);
    if (len <= 253) {
      // Reserved a long header but the UTF-8 is short: shift it into the short form.
      this.buf.copyWithin(p + 1, p + 4, p + 4 + len);
      this.buf[p] = len;
      this.pos = p + 1 + len;
      this.pad(len, 1);
      return;
    }
    this.header(len);
    this.pos = p + 4 + len;
    this.pad(len, 4);
  }

  bool(v: boolean): void {
    if (v === true) this.int(BOOL_TRUE_ID | 0);
    else if (v === false) this.int(BOOL_FALSE_ID | 0);
    else throw badValue('Bool', v);
  }

  int128(v: Uint8Array): void {
    if (!(v instanceof Uint8Array) || v.length !== 16) throw badValue('int128 (16 bytes)', v);
    this.raw(v);
  }

  int256(v: Uint8Array): void {
    if (!(v instanceof Uint8Array) || v.length !== 32) throw badValue('int256 (32 bytes)', v);
    this.raw(v);
  }

  /** Raw bytes, no length prefix or padding. */
  raw(v: Uint8Array): void {
    if (!(v instanceof Uint8Array)) throw badValue('raw bytes', v);
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  /** Any object or request of this writer's table, boxed, chosen by its `_`. */
  object(o: TlObject): void {
    const write = this.objects;
    if (!write) throw new TlError('this writer has no object table (create it with one to write Object fields)', -1, 'Object');
    write(this, o);
  }

  /** Error for an object whose `_` is not a constructor of `expected`. */
  wrongObject(o: unknown, expected: string): TlError {
    return badValue(expected, o);
  }

  /** Write `payload` (a serialized boxed object) as gzip_packed. */
  gzipped(payload: Uint8Array): void {
    this.int(GZIP_PACKED_ID | 0);
    this.bytes(platform().compression.gzip(payload));
  }
}

/** gzip_packed bytes (id + packed_data) for a serialized boxed object. */
export function gzipPacked(payload: Uint8Array): Uint8Array {
  const w = new Writer(payload.length / 2 + 64);
  w.gzipped(payload);
  return w.finish();
}
