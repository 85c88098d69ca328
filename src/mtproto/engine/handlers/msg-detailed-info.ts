/**
 * `msg_detailed_info` / `msg_new_detailed_info`: the server has an answer (`answer_msg_id`) for us.
 * Acknowledge it if we have it; otherwise ask for it again with msg_resend_req.
 * https://core.telegram.org/mtproto/service_messages_about_messages#extended-voluntary-communication-of-status-of-one-message
 */
import { encodeMt } from '../../../tl/codec.js';
import type { mt } from '../../../tl/index.js';
import type { EngineParts } from '../parts.js';

export function handleMsgDetailedInfo(e: EngineParts, msg: mt.MsgDetailedInfo): void {
  if (e.state.seen.has(msg.answerMsgId)) e.acks.add(msg.answerMsgId);
  else e.outbox.push({ body: encodeMt({ _: 'msg_resend_req', msgIds: [msg.answerMsgId] }), contentRelated: true });
}
