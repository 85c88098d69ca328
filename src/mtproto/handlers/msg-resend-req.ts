/**
 * `msg_resend_req` from the server: it misses some of our messages; resend the requests among
 * them (fresh msg_ids; the server matches answers by the new ids).
 * https://core.telegram.org/mtproto/service_messages_about_messages#explicit-request-to-re-send-messages
 */
import type { HandlerContext } from './context.js';

export function handleMsgResendReq(ctx: HandlerContext, msg: { msgIds: bigint[] }): void {
  const requests = ctx.pending.resolveIds(msg.msgIds).filter((r) => r.status !== 'queued');
  if (requests.length > 0) ctx.resend(requests);
}
