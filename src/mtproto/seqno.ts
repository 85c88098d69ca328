/**
 * Message sequence numbers (https://core.telegram.org/mtproto/description#message-sequence-number-msg-seqno):
 * twice the number of content-related messages sent before, plus one if this message is content-related.
 * @module
 */

/** Constructor ids of messages that are not content-related (they need no acknowledgement). */
const NOT_CONTENT_RELATED = new Set<number>([
  0x62d6b459, // msgs_ack
  0x73f1f8dc, // msg_container
  0x9299359f, // http_wait
]);

/** Whether a serialised message body is content-related (judged by its constructor id). */
export function isContentRelated(body: Uint8Array): boolean {
  if (body.length < 4) return true;
  const id = (body[0]! | (body[1]! << 8) | (body[2]! << 16) | (body[3]! << 24)) >>> 0;
  return !NOT_CONTENT_RELATED.has(id);
}

/** Per-session seqno counter. */
export class SeqNoCounter {
  private contentCount = 0;

  /** seqno for the next message: `2n + 1` (and n increments) when content-related, else `2n`. */
  next(contentRelated: boolean): number {
    if (contentRelated) return this.contentCount++ * 2 + 1;
    return this.contentCount * 2;
  }

  /** Number of content-related messages numbered so far. */
  get count(): number {
    return this.contentCount;
  }

  /** Starts again from zero (new session, or after bad_msg_notification 32/33). */
  reset(): void {
    this.contentCount = 0;
  }
}
