/**
 * Errors raised by the MTProto session layer.
 * @module
 */
import { TgtsError } from '../errors.js';

/** What kind of protocol rule a peer (or a caller) broke. */
export type MtprotoErrorKind =
  | 'bad-plaintext' // the decrypted envelope is malformed
  | 'bad-container' // msg_container does not follow the rules
  | 'bad-gzip' // gzip_packed could not be inflated
  | 'too-large' // a message exceeds the protocol limits
  | 'bad-message'; // anything else that cannot be decoded

/** A malformed MTProto envelope, container or service message. `offset` is a byte offset when known. */
export class MtprotoError extends TgtsError {
  override name = 'MtprotoError';
  readonly kind: MtprotoErrorKind;
  /** Field of the envelope or container that broke the rule (`length`, `messages[3].bytes`…). */
  readonly field: string;
  /** Byte offset of the field in its input, or -1. */
  readonly offset: number;

  constructor(kind: MtprotoErrorKind, field: string, message: string, offset = -1, options?: ErrorOptions) {
    super(`${field}: ${message}${offset >= 0 ? ` (offset ${offset})` : ''}`, options);
    this.kind = kind;
    this.field = field;
    this.offset = offset;
  }
}

/**
 * The server rejected a request with a `bad_msg_notification` whose code the client cannot repair
 * (18 bad msg_id parity, 19 duplicate container id, 20 message too old, 34/35 seqno parity, or
 * an unknown code). Codes 16/17/32/33/48/64 are repaired by resending and never surface.
 */
export class BadMessageError extends TgtsError {
  override name = 'BadMessageError';
  /** `error_code` of the notification. */
  readonly code: number;

  constructor(code: number, method?: string) {
    super(`server rejected the message${method ? ` of ${method}` : ''}: bad_msg_notification ${code} (${describeBadMsgCode(code)})`);
    this.code = code;
  }
}

/** The connection could not be re-established within the allowed attempts; pending calls fail with this. */
export class ConnectionFailedError extends TgtsError {
  override name = 'ConnectionFailedError';
  /** Number of connection attempts made. */
  readonly attempts: number;

  constructor(attempts: number, options?: ErrorOptions) {
    super(`could not connect after ${attempts} attempt(s)`, options);
    this.attempts = attempts;
  }
}

/** Human-readable meaning of a `bad_msg_notification` code (https://core.telegram.org/mtproto/service_messages_about_messages). */
export function describeBadMsgCode(code: number): string {
  switch (code) {
    case 16: return 'msg_id too low';
    case 17: return 'msg_id too high';
    case 18: return 'incorrect two lower order msg_id bits';
    case 19: return 'container msg_id is the same as msg_id of a previously received message';
    case 20: return 'message too old';
    case 32: return 'msg_seqno too low';
    case 33: return 'msg_seqno too high';
    case 34: return 'an even msg_seqno expected, odd received';
    case 35: return 'odd msg_seqno expected, even received';
    case 48: return 'incorrect server salt';
    case 64: return 'invalid container';
    default: return 'unknown error code';
  }
}
