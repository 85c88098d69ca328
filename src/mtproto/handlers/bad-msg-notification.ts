/**
 * `bad_msg_notification`: repair what can be repaired (clock, seqno, container) and resend;
 * otherwise fail the affected calls with {@link BadMessageError}.
 * https://core.telegram.org/mtproto/service_messages_about_messages#notice-of-ignored-error-message
 */
import { BadMessageError } from '../errors.js';
import type { HandlerContext, IncomingMessage } from './context.js';

export function handleBadMsgNotification(
  ctx: HandlerContext,
  envelope: IncomingMessage,
  msg: { badMsgId: bigint; errorCode: number },
): void {
  const affected = ctx.pending.resolveIds([msg.badMsgId]);
  switch (msg.errorCode) {
    case 16: // msg_id too low
    case 17: // msg_id too high: our clock is off; the server's msg_id carries its time
      ctx.syncTime(envelope.msgId);
      ctx.persist();
      ctx.resend(affected);
      return;
    case 32: // seqno too low
    case 33: // seqno too high: our seqno state is out of step; start a fresh session
      ctx.newSession();
      ctx.resend(ctx.pending.list().filter((r) => r.status !== 'queued'));
      return;
    case 48: // bad server salt without a new one (bad_server_salt carries it): retry
      ctx.resend(affected);
      return;
    case 64: // invalid container: send its messages one by one
      ctx.resend(affected, true);
      return;
    default:
      for (const req of affected) ctx.pending.reject(req, new BadMessageError(msg.errorCode, req.method));
  }
}
