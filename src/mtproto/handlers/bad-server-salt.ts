/**
 * `bad_server_salt`: store the new salt and resend what was rejected (with new msg_ids).
 * https://core.telegram.org/mtproto/service_messages_about_messages#notice-of-ignored-error-message
 */
import type { HandlerContext } from './context.js';

export function handleBadServerSalt(ctx: HandlerContext, msg: { badMsgId: bigint; newServerSalt: bigint }): void {
  ctx.salts.set(msg.newServerSalt);
  ctx.persist();
  ctx.resend(ctx.pending.resolveIds([msg.badMsgId]));
}
