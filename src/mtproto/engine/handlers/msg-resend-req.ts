/**
 * `msg_resend_req` from the server: it misses some of our messages. Copies go again under the
 * ids it names (it matches them with what it has, so nothing runs twice).
 * https://core.telegram.org/mtproto/service_messages_about_messages#explicit-request-to-re-send-messages
 */
import type { mt } from '../../../tl/index.js';
import type { EngineParts } from '../parts.js';

export function handleMsgResendReq(e: EngineParts, msg: mt.MsgResendReq): void {
  for (const id of msg.msgIds) {
    const req = e.pending.get(id);
    if (req && req.msgId === id && req.status !== 'queued') e.delivery.copy(req);
  }
}
