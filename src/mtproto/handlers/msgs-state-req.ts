/**
 * `msgs_state_req` from the server: answer `msgs_state_info` with one byte per asked id
 * (1 = nothing known, 4 = received; see the status table in the docs).
 * https://core.telegram.org/mtproto/service_messages_about_messages#request-for-message-status-information
 */
import { encodeMsgsStateInfo } from '../mt-codec.js';
import type { HandlerContext, IncomingMessage } from './context.js';

/** Largest request we answer (the same bound as a msgs_ack). */
const MAX_IDS = 8192;

export function handleMsgsStateReq(ctx: HandlerContext, envelope: IncomingMessage, msg: { msgIds: bigint[] }): void {
  const ids = msg.msgIds.slice(0, MAX_IDS);
  const info = new Uint8Array(ids.length);
  ids.forEach((id, i) => {
    info[i] = ctx.seen.has(id) ? 4 : 1;
  });
  ctx.sendService(encodeMsgsStateInfo(envelope.msgId, info), true);
}
