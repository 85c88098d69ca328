import { randomBytes } from '../../crypto/index.js';
import { TransportError } from '../errors.js';
import { IntermediateCodec } from './intermediate.js';
import type { CodecOptions } from './types.js';

/**
 * Padded intermediate framing: client sends 0xdddddddd once; each packet is a 4-byte LE length of
 * payload + padding, the payload, then 0..15 random bytes. The receiver drops the padding using the
 * MTProto packet layout (see {@link stripMtprotoPadding}). Server quick acks are short frames
 * `ffffffff, token, 0..8 random bytes`.
 */
export class PaddedIntermediateCodec extends IntermediateCodec {
  override readonly name = 'paddedIntermediate' as const;
  override readonly tag = Uint8Array.of(0xdd, 0xdd, 0xdd, 0xdd);
  override readonly protocolTag = Uint8Array.of(0xdd, 0xdd, 0xdd, 0xdd);
  private readonly random: (n: number) => Uint8Array;
  // Padding comes from a pooled random buffer: one RNG call per ~16 packets instead of two per packet.
  private pool: Uint8Array = new Uint8Array(0);
  private poolPos = 0;

  constructor(options: CodecOptions = {}) {
    super(options);
    this.random = options.randomBytes ?? randomBytes;
  }

  override encode(payload: Uint8Array, quickAck = false): Uint8Array {
    const padLen = this.takeRandom(1)[0] & 15;
    return this.frame(payload, this.takeRandom(padLen), quickAck);
  }

  override encodeParts(payload: Uint8Array, quickAck = false): Uint8Array[] {
    const padLen = this.takeRandom(1)[0] & 15;
    return this.frameParts(payload, this.takeRandom(padLen), quickAck);
  }

  private takeRandom(n: number): Uint8Array {
    if (this.poolPos + n > this.pool.length) {
      this.pool = this.random(256);
      this.poolPos = 0;
    }
    const out = this.pool.subarray(this.poolPos, this.poolPos + n);
    this.poolPos += n;
    return out;
  }

  /** Encodes with an explicit padding (tests and byte vectors). */
  encodeWithPadding(payload: Uint8Array, padding: Uint8Array, quickAck = false): Uint8Array {
    if (padding.length > 15) throw new TransportError('bad-length', `paddedIntermediate: padding of ${padding.length} bytes exceeds 15`);
    return this.frame(payload, padding, quickAck);
  }

  protected override finishFrame(frame: Uint8Array, step: { headerSize: number }): Uint8Array | undefined {
    const body = frame.subarray(step.headerSize);
    if (
      this.side === 'client' &&
      body.length >= 8 &&
      body.length <= 16 &&
      body[0] === 0xff &&
      body[1] === 0xff &&
      body[2] === 0xff &&
      body[3] === 0xff
    ) {
      this.quickAck(new DataView(body.buffer, body.byteOffset + 4, 4).getUint32(0, true));
      return undefined;
    }
    return stripMtprotoPadding(body, this.streamOffset);
  }
}

/**
 * Recovers an MTProto packet from `packet + 0..15 padding bytes`:
 * - unencrypted (auth_key_id 0): 8 + 8 (msg_id) + 4 (length) + body, the length field says where it ends;
 * - encrypted: 8 (auth_key_id) + 16 (msg_key) + a multiple of 16, so the size is 24 + 16k;
 * - below 24 bytes (transport error codes): the first 4 bytes are kept if they hold a negative int32,
 *   otherwise the body is cut to a multiple of 4.
 */
export function stripMtprotoPadding(body: Uint8Array, streamOffset = 0): Uint8Array {
  const len = body.length;
  const isPlain = len >= 20 && body.subarray(0, 8).every((b) => b === 0);
  if (isPlain) {
    const dv = new DataView(body.buffer, body.byteOffset, len);
    const end = 20 + dv.getUint32(16, true);
    if (end > len || len - end > 15) {
      throw new TransportError(
        'bad-length',
        `paddedIntermediate: unencrypted message at stream offset ${streamOffset} declares ${end - 20} body bytes, frame holds ${len - 20}`,
      );
    }
    return body.subarray(0, end);
  }
  if (len >= 24) return body.subarray(0, 24 + Math.floor((len - 24) / 16) * 16);
  if (len >= 4 && body[3] & 0x80) return body.subarray(0, 4);
  return body.subarray(0, len - (len % 4));
}
