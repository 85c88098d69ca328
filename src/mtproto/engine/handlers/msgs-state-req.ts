/**
 * `msgs_state_req` from the server: answer `msgs_state_info` with one byte per asked id
 * (1 = nothing known, 4 = received; see the status table in the docs).
 * https://core.telegram.org/mtproto/service_messages_about_messages#request-for-message-status-information
 */
import type { IncomingMessage } from '../../connection/link.js';
import { encodeMt } from '../../../tl/codec.js';
import type { mt } from '../../../tl/index.js';
import { MAX_IDS_PER_ACK } from '../acks.js';
import type { EngineParts } from '../parts.js';

export function handleMsgsStateReq(e: EngineParts, envelope: IncomingMessage, msg: mt.MsgsStateReq): void {
  const ids = msg.msgIds.slice(0, MAX_IDS_PER_ACK);
  const info = Uint8Array.from(ids, (id) => (e.state.seen.has(id) ? 4 : 1));
  e.outbox.push({ body: encodeMt({ _: 'msgs_state_info', reqMsgId: envelope.msgId, info }), contentRelated: true });
}
