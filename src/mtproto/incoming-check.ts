/**
 * The msg_id checks the receiver of an encrypted message must apply
 * (https://core.telegram.org/mtproto/security_guidelines, /mtproto/description#message-identifier-msg-id).
 * @module
 */
import { longHigh, longLow } from './bytes.js';
import type { MessageSide } from './message-id.js';
import type { SeenMessageIds } from './seen-ids.js';

/** Verdict of {@link checkIncomingMsgId}; anything but `ok` means "ignore the message". */
export type IncomingMsgIdVerdict = 'ok' | 'duplicate' | 'too-old' | 'too-new' | 'bad-parity';

const FRACTION_SCALE = 2 ** 32;

/** An incoming message older than this (seconds) is ignored. */
export const MAX_MSG_AGE_SECONDS = 300;
/** An incoming message more than this far (seconds) in the future is ignored. */
export const MAX_MSG_FUTURE_SECONDS = 30;

/** Options of {@link checkIncomingMsgId}. */
export interface IncomingMsgIdCheck {
  /** The side that RECEIVES the message: a client expects odd (server) ids, a server ids ≡ 0 mod 4. */
  side: MessageSide;
  /** Local wall clock, ms (default `Date.now()`). */
  now?: number;
  /** Seconds to add to the local clock to get the sender's clock (the client's time offset; 0 on the server). */
  timeOffset?: number;
  /** Replay window; the id is recorded in it when the verdict is `ok`. */
  seen?: SeenMessageIds;
}

/** Checks parity, time window and duplicates of an incoming msg_id; records it in `seen` when `ok`. */
export function checkIncomingMsgId(msgId: bigint, options: IncomingMsgIdCheck): IncomingMsgIdVerdict {
  // work on the two 32-bit words: no bigint arithmetic (and no garbage) per message
  const high = longHigh(msgId);
  const low = longLow(msgId);
  const parity = low & 3;
  if (options.side === 'client' ? parity !== 1 && parity !== 3 : parity !== 0) return 'bad-parity';
  const localSeconds = (options.now ?? Date.now()) / 1000 + (options.timeOffset ?? 0);
  const msgSeconds = high + low / FRACTION_SCALE; // = msgIdToSeconds(msgId)
  if (msgSeconds < localSeconds - MAX_MSG_AGE_SECONDS) return 'too-old';
  if (msgSeconds > localSeconds + MAX_MSG_FUTURE_SECONDS) return 'too-new';
  if (options.seen) {
    if (options.seen.hasWords(high, low)) return 'duplicate';
    options.seen.addWords(high, low);
  }
  return 'ok';
}
