/**
 * `msgs_state_info` (answer to our msgs_state_req) and `msgs_all_info` (voluntary): for each of
 * our messages the server says whether it got it. Requests it never received are resent;
 * received ones keep waiting for their answer (resending those could execute them twice).
 * https://core.telegram.org/mtproto/service_messages_about_messages#informational-message-regarding-status-of-messages
 */
import type { PendingRequest } from '../pending.js';
import type { HandlerContext } from './context.js';

/** Status byte (low 3 bits): 1 nothing known, 2 id too low, 3 id too high, 4 received. */
function notReceived(status: number): boolean {
  const s = status & 7;
  return s === 1 || s === 2 || s === 3;
}

export function applyMessageStates(ctx: HandlerContext, ids: readonly bigint[], info: Uint8Array): void {
  const lost: PendingRequest[] = [];
  const n = Math.min(ids.length, info.length);
  for (let i = 0; i < n; i++) {
    const req = ctx.pending.get(ids[i]!);
    if (!req || req.msgId !== ids[i]) continue;
    if (notReceived(info[i]!)) lost.push(req);
    else if (req.status === 'sent') ctx.pending.ack(req.msgId);
  }
  if (lost.length > 0) ctx.resend(lost);
}

export function handleMsgsStateInfo(ctx: HandlerContext, msg: { reqMsgId: bigint; info: Uint8Array }): void {
  const asked = ctx.stateQuery(msg.reqMsgId);
  if (!asked) return;
  applyMessageStates(ctx, asked, msg.info);
}

export function handleMsgsAllInfo(ctx: HandlerContext, msg: { msgIds: bigint[]; info: Uint8Array }): void {
  applyMessageStates(ctx, msg.msgIds, msg.info);
}
