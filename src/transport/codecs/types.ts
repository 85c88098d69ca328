/** Names of the MTProto transport framings (core.telegram.org/mtproto/mtproto-transports). */
export type CodecName = 'abridged' | 'intermediate' | 'paddedIntermediate' | 'full';

/** Which end of the connection a codec instance serves: it changes how quick acks are read. */
export type CodecSide = 'client' | 'server';

/** Options shared by every codec. */
export interface CodecOptions {
  /** Largest payload accepted from the peer; bigger headers are refused before buffering. Default 8 MiB. */
  maxFrameSize?: number;
  /** `client` (default) reads server frames, `server` reads client frames. */
  side?: CodecSide;
  /**
   * Client side: called with the 32-bit quick-ack token when the server sends one
   * (such tokens are not returned by `push`). Ignored when unset.
   */
  onQuickAck?: (token: number) => void;
  /** Padded intermediate only: source of padding bytes (default: crypto random). */
  randomBytes?: (n: number) => Uint8Array;
  /** Server side: a smaller cap for frames whose first bytes the server does not recognise. */
  frameGate?: FrameGate;
}

/**
 * A second, smaller frame cap: a frame above `limit` bytes is only buffered when `admit` accepts its
 * first 8 payload bytes (a server lets through frames that start with an auth_key_id it knows, so
 * a peer without a key cannot make it hold large buffers). Checked once the 8 bytes have arrived.
 */
export interface FrameGate {
  limit: number;
  admit(head: Uint8Array): boolean;
  /** A payload to send the peer before the connection closes over a refused frame (e.g. transport error −404). */
  refuse?(head: Uint8Array): Uint8Array | undefined;
}

/**
 * One direction-pair of a transport framing: `encode` frames outgoing payloads,
 * `push` decodes incoming bytes. Instances are stateful (stream buffer, seqno) and serve one connection.
 */
export interface Codec {
  readonly name: CodecName;
  /** Bytes a client sends once at the start of a plain (non-obfuscated) connection; empty for full. */
  readonly tag: Uint8Array;
  /** 4-byte tag placed at bytes 56..60 of an obfuscated2 init; undefined for full (not obfuscatable). */
  readonly protocolTag: Uint8Array | undefined;
  /** Frames one payload. `quickAck` asks the server for a quick ack (client side, not for full). */
  encode(payload: Uint8Array, quickAck?: boolean): Uint8Array;
  /**
   * The same frame as pieces to write in order (header, the payload itself, trailer), so a large
   * payload is not copied into a frame buffer. Absent when the framing needs the whole frame (full: CRC).
   */
  encodeParts?(payload: Uint8Array, quickAck?: boolean): Uint8Array[];
  /**
   * Feeds received bytes, returns the payloads completed by them (frames may span or share chunks).
   * Throws `TransportError` on a protocol violation or a peer transport error code. If complete frames
   * preceded the bad one in the same chunk they are returned first and the error is thrown by the
   * next call; check `failure` to learn about it right away. After a failure the codec stays failed.
   */
  push(chunk: Uint8Array): Uint8Array[];
  /** The error that stopped decoding, if any. */
  readonly failure: Error | undefined;
  /** Set when a {@link FrameGate} refused a frame and has a last payload for the peer. */
  readonly refusal?: Uint8Array | undefined;
}

/** Default cap on one frame payload: 8 MiB. */
export const DEFAULT_MAX_FRAME_SIZE = 8 * 1024 * 1024;
