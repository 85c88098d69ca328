/**
 * `new_session_created`: the server started a session for us (first contact, or it forgot the old
 * one). Take its salt; requests sent before `first_msg_id` belonged to the lost session and are resent.
 * https://core.telegram.org/mtproto/service_messages#new-session-creation-notification
 */
import type { HandlerContext } from './context.js';

export function handleNewSessionCreated(ctx: HandlerContext, msg: { firstMsgId: bigint; serverSalt: bigint }): void {
  ctx.salts.set(msg.serverSalt);
  ctx.persist();
  const lost = ctx.pending.list().filter((r) => r.status !== 'queued' && r.msgId < msg.firstMsgId && !r.internal);
  if (lost.length > 0) ctx.resend(lost);
}
