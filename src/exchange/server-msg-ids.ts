/**
 * Checks of the client's msg_ids on the unencrypted messages of the key exchange, as Telegram makes
 * them on any message (https://core.telegram.org/mtproto/description#message-identifier-msg-id):
 * divisible by 4, inside the time window (300 s in the past, 30 s in the future), never repeated.
 * Not monotonic: a client may adopt the server's time from server_DH_inner_data mid-exchange
 * (mtcute does when its clock is ahead), so its next msg_id can be lower than the previous one.
 * @module
 */
import { SecurityError } from '../crypto/index.js';

/** How far in the past a client msg_id may be, seconds. */
export const PLAIN_MSG_ID_MAX_AGE = 300;
/** How far in the future a client msg_id may be, seconds. */
export const PLAIN_MSG_ID_MAX_AHEAD = 30;
/** More unencrypted messages than one exchange ever needs (3 requests plus dh_gen_retry rounds). */
const MAX_PLAIN_MESSAGES = 16;

/** The msg_ids one exchange has seen. */
export class PlainMsgIdCheck {
  readonly #seen = new Set<bigint>();

  constructor(private readonly nowSeconds: () => number) {}

  /** Accepts `msgId` or throws `SecurityError` rule `msg-id`. */
  accept(msgId: bigint): void {
    if ((msgId & 3n) !== 0n) throw new SecurityError('msg-id', `client msg_id ${msgId} must be divisible by 4`);
    const seconds = Number(msgId >> 32n);
    const now = this.nowSeconds();
    if (seconds < now - PLAIN_MSG_ID_MAX_AGE) {
      throw new SecurityError('msg-id', `client msg_id ${msgId} is more than ${PLAIN_MSG_ID_MAX_AGE} s in the past (time ${seconds}, server time ${Math.floor(now)})`);
    }
    if (seconds > now + PLAIN_MSG_ID_MAX_AHEAD) {
      throw new SecurityError('msg-id', `client msg_id ${msgId} is more than ${PLAIN_MSG_ID_MAX_AHEAD} s in the future (time ${seconds}, server time ${Math.floor(now)})`);
    }
    if (this.#seen.has(msgId)) throw new SecurityError('msg-id', `client msg_id ${msgId} was already used in this exchange`);
    if (this.#seen.size >= MAX_PLAIN_MESSAGES) throw new SecurityError('out-of-order', `more than ${MAX_PLAIN_MESSAGES} unencrypted messages in one exchange`);
    this.#seen.add(msgId);
  }
}
