import { TransportError } from '../errors.js';
import { BaseCodec, type FrameStep } from './base.js';
import type { CodecOptions } from './types.js';

const MAX_WORDS = 0xffffff; // 3-byte word count in the long form

/**
 * Abridged framing: client sends 0xef once; each packet is `len/4` in one byte (below 0x7f) or
 * 0x7f followed by `len/4` as 3 bytes LE, then the payload. Lengths must be multiples of 4.
 * Client quick-ack requests set the top bit of the first header byte; the server's quick-ack
 * token arrives as 4 bytes big-endian (so its first byte has the top bit set).
 */
export class AbridgedCodec extends BaseCodec {
  readonly name = 'abridged' as const;
  readonly tag = Uint8Array.of(0xef);
  readonly protocolTag = Uint8Array.of(0xef, 0xef, 0xef, 0xef);

  constructor(options?: CodecOptions) {
    super(options);
  }

  encode(payload: Uint8Array, quickAck = false): Uint8Array {
    const header = this.header(payload.length, quickAck);
    const out = new Uint8Array(header.length + payload.length);
    out.set(header, 0);
    out.set(payload, header.length);
    return out;
  }

  encodeParts(payload: Uint8Array, quickAck = false): Uint8Array[] {
    return [this.header(payload.length, quickAck), payload];
  }

  /** The 1-byte (under 127 words) or 4-byte length header of a payload of `len` bytes. */
  private header(len: number, quickAck: boolean): Uint8Array {
    if (len % 4 !== 0) {
      throw new TransportError('bad-length', `abridged: payload length ${len} is not a multiple of 4`);
    }
    const words = len / 4;
    if (words > MAX_WORDS) throw new TransportError('bad-length', `abridged: payload length ${len} is too large`);
    const flag = quickAck ? 0x80 : 0;
    if (words < 0x7f) return Uint8Array.of(words | flag);
    return Uint8Array.of(0x7f | flag, words & 0xff, (words >>> 8) & 0xff, (words >>> 16) & 0xff);
  }

  protected nextFrame(): FrameStep {
    const q = this.queue;
    if (q.length < 1) return { kind: 'need-more' };
    let first = q.byteAt(0);
    if (first & 0x80) {
      if (this.side === 'client') {
        if (q.length < 4) return { kind: 'need-more' };
        const token = q.byteAt(0) * 0x1000000 + ((q.byteAt(1) << 16) | (q.byteAt(2) << 8) | q.byteAt(3));
        return { kind: 'quick-ack', size: 4, token };
      }
      first &= 0x7f; // server side: quick-ack request flag, nothing to do at this layer
    }
    if (first < 0x7f) {
      const bodySize = first * 4;
      this.checkSize(bodySize);
      if (bodySize === 0) throw new TransportError('bad-length', `abridged: empty frame at stream offset ${this.streamOffset}`);
      return { kind: 'frame', headerSize: 1, bodySize, trailerSize: 0 };
    }
    if (q.length < 4) return { kind: 'need-more' };
    const bodySize = (q.byteAt(1) | (q.byteAt(2) << 8) | (q.byteAt(3) << 16)) * 4;
    this.checkSize(bodySize);
    if (bodySize === 0) throw new TransportError('bad-length', `abridged: empty frame at stream offset ${this.streamOffset}`);
    return { kind: 'frame', headerSize: 4, bodySize, trailerSize: 0 };
  }

  protected finishFrame(frame: Uint8Array, step: { headerSize: number }): Uint8Array {
    return frame.subarray(step.headerSize);
  }
}
