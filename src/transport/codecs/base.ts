import { ByteQueue } from '../byte-queue.js';
import { TransportError, describeTransportCode } from '../errors.js';
import type { Codec, CodecName, CodecOptions, CodecSide, FrameGate } from './types.js';
import { DEFAULT_MAX_FRAME_SIZE } from './types.js';

/** Result of looking at the buffered bytes: not enough yet, or one item of `consumed` bytes. */
export type FrameStep =
  | { kind: 'need-more' }
  | { kind: 'frame'; headerSize: number; bodySize: number; trailerSize: number }
  | { kind: 'quick-ack'; size: number; token: number };

/**
 * Shared streaming machinery: subclasses parse headers (`nextFrame`) and finish bodies (`finishFrame`);
 * this class owns the buffer, the size cap, transport error codes and failure stickiness.
 */
export abstract class BaseCodec implements Codec {
  abstract readonly name: CodecName;
  abstract readonly tag: Uint8Array;
  abstract readonly protocolTag: Uint8Array | undefined;

  protected readonly queue = new ByteQueue();
  protected readonly maxFrameSize: number;
  protected readonly side: CodecSide;
  private readonly onQuickAck: ((token: number) => void) | undefined;
  private readonly gate: FrameGate | undefined;
  /** Stream offset of the frame the gate last admitted (so a frame is judged once). */
  private admittedAt = -1;
  private failed: Error | undefined;
  /** Last payload for the peer after the gate refused a frame. */
  refusal: Uint8Array | undefined;

  constructor(options: CodecOptions = {}) {
    const max = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    if (!Number.isSafeInteger(max) || max < 4) {
      throw new TransportError('invalid-options', `maxFrameSize must be an integer >= 4, got ${max}`);
    }
    this.maxFrameSize = max;
    this.side = options.side ?? 'client';
    this.onQuickAck = options.onQuickAck;
    this.gate = options.frameGate;
  }

  get failure(): Error | undefined {
    return this.failed;
  }

  abstract encode(payload: Uint8Array, quickAck?: boolean): Uint8Array;

  /** Parses the header at the front of the queue (header bytes are not consumed yet). */
  protected abstract nextFrame(): FrameStep;

  /** Turns one complete frame (header + body + trailer, as taken from the queue) into its payload. */
  protected abstract finishFrame(
    frame: Uint8Array,
    step: { headerSize: number; bodySize: number },
  ): Uint8Array | undefined;

  /** Bytes consumed from the stream so far (reported in error messages). */
  protected streamOffset = 0;

  /** Reports a quick-ack token read by a subclass inside a frame body. */
  protected quickAck(token: number): void {
    this.onQuickAck?.(token);
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failed) throw this.failed;
    this.queue.push(chunk);
    const out: Uint8Array[] = [];
    try {
      for (;;) {
        const step = this.nextFrame();
        if (step.kind === 'need-more') break;
        if (step.kind === 'quick-ack') {
          this.queue.skip(step.size);
          this.streamOffset += step.size;
          this.onQuickAck?.(step.token);
          continue;
        }
        const total = step.headerSize + step.bodySize + step.trailerSize;
        if (this.gate && step.bodySize > this.gate.limit && this.admittedAt !== this.streamOffset) {
          if (this.queue.length < step.headerSize + 8) break;
          this.judge(step.headerSize, step.bodySize);
        }
        if (this.queue.length < total) break;
        const payload = this.finishFrame(this.queue.take(total), step);
        this.streamOffset += total;
        if (payload === undefined) continue;
        checkServerCode(payload);
        out.push(payload);
      }
    } catch (err) {
      this.failed = err instanceof Error ? err : new Error(String(err));
      if (out.length === 0) throw this.failed;
    }
    return out;
  }

  /** Applies the frame gate to the frame at the front of the queue (its first 8 payload bytes are buffered). */
  private judge(headerSize: number, bodySize: number): void {
    const gate = this.gate as FrameGate;
    const head = this.queue.peek(headerSize + 8).subarray(headerSize);
    if (!gate.admit(head)) {
      this.refusal = gate.refuse?.(head);
      throw new TransportError(
        'oversize',
        `${this.name}: frame at stream offset ${this.streamOffset} announces ${bodySize} bytes; above ${gate.limit} only frames of a known auth key are accepted`,
      );
    }
    this.admittedAt = this.streamOffset;
  }

  /** Refuses a body size above the cap; called by subclasses as soon as the header is readable. */
  protected checkSize(size: number): void {
    if (size > this.maxFrameSize) {
      throw new TransportError(
        'oversize',
        `${this.name}: frame header at stream offset ${this.streamOffset} announces ${size} bytes, above maxFrameSize ${this.maxFrameSize}`,
      );
    }
  }
}

/** A 4-byte payload holding a negative int32 is a transport error code, not a packet. */
export function checkServerCode(payload: Uint8Array): void {
  if (payload.length !== 4) return;
  const code = payload[0] | (payload[1] << 8) | (payload[2] << 16) | (payload[3] << 24);
  if (code < 0) {
    throw new TransportError('server-code', `peer sent transport error ${code} (${describeTransportCode(code)})`, {
      code,
    });
  }
}

/** Encodes a transport error code as the 4-byte payload a server sends (e.g. −404). */
export function transportErrorPayload(code: number): Uint8Array {
  if (!Number.isInteger(code) || code >= 0 || code < -0x80000000) {
    throw new TransportError('invalid-options', `transport error code must be a negative int32, got ${code}`);
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, code, true);
  return out;
}
