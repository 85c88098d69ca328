/**
 * `msg_detailed_info` / `msg_new_detailed_info`: the server has an answer (`answer_msg_id`) for us.
 * Acknowledge it if we have it; otherwise ask for it again with msg_resend_req.
 * https://core.telegram.org/mtproto/service_messages_about_messages#extended-voluntary-communication-of-status-of-one-message
 */
import { encodeMsgResendReq } from '../mt-codec.js';
import type { HandlerContext } from './context.js';

export function handleMsgDetailedInfo(ctx: HandlerContext, msg: { answerMsgId: bigint }): void {
  if (ctx.seen.has(msg.answerMsgId)) ctx.ack(msg.answerMsgId);
  else ctx.sendService(encodeMsgResendReq([msg.answerMsgId]), true);
}
