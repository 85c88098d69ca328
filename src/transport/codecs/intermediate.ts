import { TransportError } from '../errors.js';
import { BaseCodec, type FrameStep } from './base.js';
import type { CodecOptions } from './types.js';

const QUICK_ACK_BIT = 0x80000000;

/**
 * Intermediate framing: client sends 0xeeeeeeee once; each packet is a 4-byte LE length then the payload.
 * A client sets the length's top bit to ask for a quick ack; the server's quick-ack token is sent
 * as a bare 4-byte LE value with the top bit set (never a valid length).
 */
export class IntermediateCodec extends BaseCodec {
  readonly name: 'intermediate' | 'paddedIntermediate' = 'intermediate';
  readonly tag: Uint8Array = Uint8Array.of(0xee, 0xee, 0xee, 0xee);
  readonly protocolTag: Uint8Array = Uint8Array.of(0xee, 0xee, 0xee, 0xee);

  constructor(options?: CodecOptions) {
    super(options);
  }

  encode(payload: Uint8Array, quickAck = false): Uint8Array {
    return this.frame(payload, new Uint8Array(0), quickAck);
  }

  encodeParts(payload: Uint8Array, quickAck = false): Uint8Array[] {
    return this.frameParts(payload, new Uint8Array(0), quickAck);
  }

  protected frame(payload: Uint8Array, padding: Uint8Array, quickAck: boolean): Uint8Array {
    const out = new Uint8Array(4 + payload.length + padding.length);
    this.writeLength(out, payload.length + padding.length, quickAck);
    out.set(payload, 4);
    out.set(padding, 4 + payload.length);
    return out;
  }

  /** {@link frame} as header, payload (not copied) and padding (copied: it may be a pooled view). */
  protected frameParts(payload: Uint8Array, padding: Uint8Array, quickAck: boolean): Uint8Array[] {
    const header = new Uint8Array(4);
    this.writeLength(header, payload.length + padding.length, quickAck);
    return padding.length > 0 ? [header, payload, padding.slice()] : [header, payload];
  }

  private writeLength(out: Uint8Array, len: number, quickAck: boolean): void {
    if (len >= QUICK_ACK_BIT) throw new TransportError('bad-length', `${this.name}: payload length ${len} is too large`);
    new DataView(out.buffer, out.byteOffset, 4).setUint32(0, quickAck ? (len | QUICK_ACK_BIT) >>> 0 : len, true);
  }

  protected nextFrame(): FrameStep {
    const q = this.queue;
    if (q.length < 4) return { kind: 'need-more' };
    let len = q.uint32LE(0);
    if (len >= QUICK_ACK_BIT) {
      if (this.side === 'client') return this.serverQuickAck(len);
      len -= QUICK_ACK_BIT; // server side: quick-ack request flag
    }
    this.checkSize(len);
    if (len < 4) {
      throw new TransportError('bad-length', `${this.name}: frame length ${len} at stream offset ${this.streamOffset} is below 4`);
    }
    return { kind: 'frame', headerSize: 4, bodySize: len, trailerSize: 0 };
  }

  /** How a server quick ack looks to the client when the length word has its top bit set. */
  protected serverQuickAck(word: number): FrameStep {
    return { kind: 'quick-ack', size: 4, token: word };
  }

  protected finishFrame(frame: Uint8Array, step: { headerSize: number }): Uint8Array | undefined {
    return frame.subarray(step.headerSize);
  }
}
