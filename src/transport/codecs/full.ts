import { crc32 } from '../crc32.js';
import { TransportError } from '../errors.js';
import { BaseCodec, type FrameStep } from './base.js';
import type { CodecOptions } from './types.js';

/**
 * Full framing (no init bytes): 4-byte LE total length (payload + 12), 4-byte LE seqno counting
 * packets per direction from 0, the payload, then CRC32 of everything before it. Both the seqno and
 * the CRC are verified on read. Cannot be combined with obfuscation.
 */
export class FullCodec extends BaseCodec {
  readonly name = 'full' as const;
  readonly tag = new Uint8Array(0);
  readonly protocolTag = undefined;
  private sendSeq = 0;
  private recvSeq = 0;

  constructor(options?: CodecOptions) {
    super(options);
  }

  encode(payload: Uint8Array): Uint8Array {
    const total = payload.length + 12;
    if (total > 0xffffffff) throw new TransportError('bad-length', `full: payload length ${payload.length} is too large`);
    const out = new Uint8Array(total);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, total, true);
    dv.setUint32(4, this.sendSeq, true);
    this.sendSeq = (this.sendSeq + 1) >>> 0;
    out.set(payload, 8);
    dv.setUint32(total - 4, crc32(out.subarray(0, total - 4)), true);
    return out;
  }

  protected nextFrame(): FrameStep {
    if (this.queue.length < 4) return { kind: 'need-more' };
    const total = this.queue.uint32LE(0);
    if (total < 12) {
      throw new TransportError('bad-length', `full: frame length ${total} at stream offset ${this.streamOffset} is below 12`);
    }
    this.checkSize(total - 12);
    return { kind: 'frame', headerSize: 8, bodySize: total - 12, trailerSize: 4 };
  }

  protected finishFrame(frame: Uint8Array): Uint8Array {
    const dv = new DataView(frame.buffer, frame.byteOffset, frame.length);
    const expectedCrc = dv.getUint32(frame.length - 4, true);
    const actualCrc = crc32(frame.subarray(0, frame.length - 4));
    if (expectedCrc !== actualCrc) {
      throw new TransportError(
        'bad-crc',
        `full: CRC32 mismatch in frame at stream offset ${this.streamOffset}: got ${hex(expectedCrc)}, computed ${hex(actualCrc)}`,
      );
    }
    const seq = dv.getUint32(4, true);
    if (seq !== this.recvSeq) {
      throw new TransportError('bad-seqno', `full: seqno ${seq} at stream offset ${this.streamOffset}, expected ${this.recvSeq}`);
    }
    this.recvSeq = (this.recvSeq + 1) >>> 0;
    return frame.subarray(8, frame.length - 4);
  }
}

function hex(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}
