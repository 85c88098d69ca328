/**
 * Bounded byte reading and writing for the session layouts (big- and little-endian, TL bytes
 * and strings, Qt byte arrays), and base64 in every spelling the libraries use. Every read past
 * the end becomes a {@link SessionFormatError} naming the field and the offset.
 */
import { decodeBase64 } from '../storage/session/foreign.js';
import { SessionFormatError } from './errors.js';
import type { SessionFormat } from './types.js';

export { decodeBase64 };

/** Bytes → base64: URL-safe or standard alphabet, with or without `=` padding. */
export function encodeBase64(bytes: Uint8Array, opts: { url: boolean; pad: boolean }): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  let text = btoa(binary);
  if (opts.url) text = text.replace(/\+/g, '-').replace(/\//g, '_');
  return opts.pad ? text : text.replace(/=+$/, '');
}

/** The payload of a `"1" + base64` string (GramJS, Telethon). */
export function versionOnePayload(text: string, format: SessionFormat): Uint8Array {
  const value = text.trim();
  if (!value.startsWith('1')) throw new SessionFormatError(format, `unknown version ${JSON.stringify(value[0] ?? '')}, expected "1"`, 'version');
  const bytes = decodeBase64(value.slice(1));
  if (!bytes) throw new SessionFormatError(format, 'not valid base64 after the version "1"', 'encoding');
  return bytes;
}

const TL_BOOL_TRUE = 0x997275b5;
const TL_BOOL_FALSE = 0xbc799737;

/** Reads a decoded session payload; every failure names `format`, the field and the offset. */
export class ByteReader {
  offset = 0;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly format: SessionFormat,
    private readonly file?: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Throws a {@link SessionFormatError} for `field`. */
  fail(field: string, message: string): never {
    throw new SessionFormatError(this.format, message, field, this.file);
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  take(length: number, field: string): Uint8Array {
    if (length < 0 || this.offset + length > this.bytes.length) {
      this.fail(field, `truncated at byte ${this.offset} (need ${length}, have ${this.remaining})`);
    }
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  private at(size: number, field: string): number {
    const at = this.offset;
    this.take(size, field);
    return at;
  }

  u8(field: string): number {
    return this.view.getUint8(this.at(1, field));
  }
  u16be(field: string): number {
    return this.view.getUint16(this.at(2, field), false);
  }
  u32be(field: string): number {
    return this.view.getUint32(this.at(4, field), false);
  }
  u32le(field: string): number {
    return this.view.getUint32(this.at(4, field), true);
  }
  i32le(field: string): number {
    return this.view.getInt32(this.at(4, field), true);
  }
  u64be(field: string): bigint {
    return this.view.getBigUint64(this.at(8, field), false);
  }
  i64le(field: string): bigint {
    return this.view.getBigInt64(this.at(8, field), true);
  }
  /** Peeks a little-endian u32 without moving (undefined at the end). */
  peekU32le(): number | undefined {
    return this.remaining >= 4 ? this.view.getUint32(this.offset, true) : undefined;
  }

  /** A Python `struct` `?` written by `struct.pack`: exactly 0 or 1. */
  pyBool(field: string): boolean {
    const b = this.u8(field);
    if (b > 1) this.fail(field, `expected a boolean byte (0 or 1), got ${b}`);
    return b === 1;
  }

  /** TL `bytes`: 1-byte length (or 254 + 3 bytes), data, zero padding to 4. */
  tlBytes(field: string): Uint8Array {
    const start = this.offset;
    let length = this.u8(field);
    if (length === 255) this.fail(field, `invalid TL length marker 255 at byte ${start}`);
    if (length === 254) length = this.u8(field) | (this.u8(field) << 8) | (this.u8(field) << 16);
    const data = this.take(length, field);
    this.take((4 - ((this.offset - start) % 4)) % 4, field);
    return data;
  }

  tlString(field: string): string {
    const bytes = this.tlBytes(field);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return this.fail(field, 'not valid UTF-8');
    }
  }

  tlBool(field: string): boolean {
    const id = this.u32le(field);
    if (id === TL_BOOL_TRUE) return true;
    if (id === TL_BOOL_FALSE) return false;
    return this.fail(field, `expected boolTrue or boolFalse, got constructor 0x${id.toString(16)}`);
  }

  /** Qt `QByteArray` in a big-endian `QDataStream`: u32 length (0xffffffff = null), data. */
  qtBytes(field: string): Uint8Array {
    const length = this.u32be(field);
    return length === 0xffffffff ? new Uint8Array(0) : this.take(length, field);
  }

  /** Throws unless every byte was read. */
  end(what = 'payload'): void {
    if (this.remaining !== 0) this.fail('length', `${this.remaining} unexpected trailing bytes after the ${what} at byte ${this.offset}`);
  }
}

/** Builds a byte string from parts. */
export class ByteWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  bytes(data: Uint8Array): this {
    this.parts.push(data);
    this.length += data.length;
    return this;
  }
  private num(size: number, set: (v: DataView) => void): this {
    const b = new Uint8Array(size);
    set(new DataView(b.buffer));
    return this.bytes(b);
  }
  u8(n: number): this {
    return this.bytes(Uint8Array.of(n));
  }
  u16be(n: number): this {
    return this.num(2, (v) => v.setUint16(0, n, false));
  }
  u32be(n: number): this {
    return this.num(4, (v) => v.setUint32(0, n, false));
  }
  u32le(n: number): this {
    return this.num(4, (v) => v.setUint32(0, n, true));
  }
  i32le(n: number): this {
    return this.num(4, (v) => v.setInt32(0, n, true));
  }
  u64be(n: bigint): this {
    return this.num(8, (v) => v.setBigUint64(0, n, false));
  }
  i64le(n: bigint): this {
    return this.num(8, (v) => v.setBigInt64(0, n, true));
  }
  tlBytes(data: Uint8Array): this {
    const head = data.length < 254 ? Uint8Array.of(data.length) : Uint8Array.of(254, data.length & 0xff, (data.length >> 8) & 0xff, (data.length >> 16) & 0xff);
    this.bytes(head).bytes(data);
    return this.bytes(new Uint8Array((4 - ((head.length + data.length) % 4)) % 4));
  }
  tlString(text: string): this {
    return this.tlBytes(new TextEncoder().encode(text));
  }
  tlBool(value: boolean): this {
    return this.u32le(value ? TL_BOOL_TRUE : TL_BOOL_FALSE);
  }
  result(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
