/** The little-endian TL primitives file ids are made of (int, long, bytes, string), in plain TypeScript. */
import { FileIdError } from './errors.js';

/** Reads TL primitives; running past the end is a {@link FileIdError}. */
export class IdReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.buf.length) throw new FileIdError(`truncated id: ${what} at byte ${this.pos} needs ${n} bytes, ${this.buf.length - this.pos} left`);
  }

  int(what = 'int'): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  long(what = 'long'): bigint {
    this.need(8, what);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  byte(what = 'byte'): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }

  bytes(what = 'bytes'): Uint8Array {
    this.need(1, what);
    let len = this.buf[this.pos]!;
    let start = this.pos + 1;
    if (len === 254) {
      this.need(4, what);
      len = this.buf[this.pos + 1]! | (this.buf[this.pos + 2]! << 8) | (this.buf[this.pos + 3]! << 16);
      start = this.pos + 4;
    } else if (len === 255) throw new FileIdError(`bad TL length byte 255 at ${this.pos}`);
    const total = (start - this.pos + len + 3) & ~3;
    this.need(total, what);
    const out = this.buf.slice(start, start + len);
    this.pos += total;
    return out;
  }

  string(what = 'string'): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes(what));
  }

  /** Every byte not read yet. */
  rest(): Uint8Array {
    const out = this.buf.slice(this.pos);
    this.pos = this.buf.length;
    return out;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }
}

/** Writes TL primitives into a growing buffer. */
export class IdWriter {
  private buf = new Uint8Array(64);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  int(v: number): this {
    this.ensure(4);
    new DataView(this.buf.buffer).setInt32(this.pos, v | 0, true);
    this.pos += 4;
    return this;
  }

  long(v: bigint): this {
    this.ensure(8);
    new DataView(this.buf.buffer).setBigInt64(this.pos, BigInt.asIntN(64, v), true);
    this.pos += 8;
    return this;
  }

  byte(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  bytes(v: Uint8Array): this {
    const head = v.length < 254 ? 1 : 4;
    const total = (head + v.length + 3) & ~3;
    this.ensure(total);
    if (head === 1) this.buf[this.pos] = v.length;
    else {
      this.buf[this.pos] = 254;
      this.buf[this.pos + 1] = v.length & 0xff;
      this.buf[this.pos + 2] = (v.length >> 8) & 0xff;
      this.buf[this.pos + 3] = (v.length >> 16) & 0xff;
    }
    this.buf.set(v, this.pos + head);
    this.buf.fill(0, this.pos + head + v.length, this.pos + total);
    this.pos += total;
    return this;
  }

  string(v: string): this {
    return this.bytes(new TextEncoder().encode(v));
  }

  raw(v: Uint8Array): this {
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
