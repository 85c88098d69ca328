/**
 * `msgs_state_info` (answer to our msgs_state_req or msg_resend_ans_req: resolves that query,
 * which applies the states) and `msgs_all_info` (voluntary; applied directly).
 * https://core.telegram.org/mtproto/service_messages_about_messages#informational-message-regarding-status-of-messages
 */
import type { mt } from '../../../tl/index.js';
import type { EngineParts } from '../parts.js';

export function handleMsgsStateInfo(e: EngineParts, msg: mt.MsgsStateInfo): void {
  const query = e.pending.get(msg.reqMsgId);
  if (query?.internal) e.pending.resolve(query, msg.info);
}

export function handleMsgsAllInfo(e: EngineParts, msg: mt.MsgsAllInfo): void {
  e.delivery.apply(msg.msgIds, msg.info, true);
}
