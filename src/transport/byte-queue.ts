/**
 * FIFO of received chunks. Lets stream decoders look at headers and take whole frames without
 * concatenating every chunk on arrival (a 1 MiB frame arriving in 64 KiB pieces is copied once).
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // bytes already consumed from chunks[0]
  private total = 0;

  /** Number of buffered bytes. */
  get length(): number {
    return this.total;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** Byte at `offset` from the start (caller guarantees offset < length). */
  byteAt(offset: number): number {
    let pos = offset + this.head;
    for (const c of this.chunks) {
      if (pos < c.length) return c[pos];
      pos -= c.length;
    }
    throw new RangeError(`ByteQueue.byteAt(${offset}) past ${this.total} buffered bytes`);
  }

  /** Unsigned little-endian 32-bit integer at `offset` (caller guarantees offset + 4 <= length). */
  uint32LE(offset: number): number {
    return (
      (this.byteAt(offset) | (this.byteAt(offset + 1) << 8) | (this.byteAt(offset + 2) << 16)) +
      this.byteAt(offset + 3) * 0x1000000
    );
  }

  /** Copies the first `n` bytes out without consuming them. */
  peek(n: number): Uint8Array {
    return this.copy(n, false);
  }

  /** Removes and returns the first `n` bytes. */
  take(n: number): Uint8Array {
    return this.copy(n, true);
  }

  /** Drops the first `n` bytes. */
  skip(n: number): void {
    this.copy(n, true, false);
  }

  /** Removes and returns everything buffered. */
  drain(): Uint8Array {
    return this.take(this.total);
  }

  private copy(n: number, consume: boolean, wantBytes = true): Uint8Array {
    if (n > this.total) throw new RangeError(`ByteQueue: need ${n} bytes, have ${this.total}`);
    const first = this.chunks[0];
    // Fast path: the request lies within the first chunk, return a view.
    if (first !== undefined && first.length - this.head >= n) {
      const view = first.subarray(this.head, this.head + n);
      if (consume) this.consume(n);
      return wantBytes && !consume ? view.slice() : view;
    }
    const out = wantBytes ? new Uint8Array(n) : new Uint8Array(0);
    let written = 0;
    let head = this.head;
    let idx = 0;
    while (written < n) {
      const c = this.chunks[idx];
      const avail = c.length - head;
      const len = Math.min(avail, n - written);
      if (wantBytes) out.set(c.subarray(head, head + len), written);
      written += len;
      head += len;
      if (head === c.length) {
        idx++;
        head = 0;
      }
    }
    if (consume) this.consume(n);
    return out;
  }

  private consume(n: number): void {
    this.total -= n;
    while (n > 0) {
      const c = this.chunks[0];
      const avail = c.length - this.head;
      if (n < avail) {
        this.head += n;
        return;
      }
      n -= avail;
      this.chunks.shift();
      this.head = 0;
    }
    if (this.chunks.length > 0 && this.head === this.chunks[0].length) {
      this.chunks.shift();
      this.head = 0;
    }
  }
}
