/**
 * `bad_msg_notification`: the server ignored a message. Repair what can be repaired (clock,
 * seqno, container) and send again (engine/delivery.ts decides under which id); otherwise fail
 * the affected calls with {@link BadMessageError}.
 * https://core.telegram.org/mtproto/service_messages_about_messages#notice-of-ignored-error-message
 */
import type { IncomingMessage } from '../../connection/link.js';
import { BadMessageError } from '../../errors.js';
import type { mt } from '../../../tl/index.js';
import type { EngineParts } from '../parts.js';

export function handleBadMsgNotification(e: EngineParts, envelope: IncomingMessage, msg: mt.RawBadMsgNotification): void {
  const affected = e.pending.resolveIds([msg.badMsgId]);
  switch (msg.errorCode) {
    case 16: // msg_id too low
    case 17: // msg_id too high: our clock is off; the server's msg_id carries its time
      e.state.syncTime(envelope.msgId);
      e.logger?.debug(`tgts/mtproto: time offset corrected to ${e.state.timeOffset} s`);
      e.delivery.ignored(affected);
      return;
    case 32: // seqno too low
    case 33: // seqno too high: our seqno state is out of step; start a fresh session
      e.state.newSession();
      e.acks.clear();
      e.delivery.restart('the session was reset after a seqno error', new Set(affected.filter((r) => r.copies <= 1)));
      e.outbox.dropServiceMessages(); // acks and answers of the old session
      return;
    case 48: // bad server salt without a new one (bad_server_salt carries it): send again
      e.delivery.ignored(affected);
      return;
    case 64: // invalid container: send its messages one by one
      e.delivery.ignored(affected, true);
      return;
    case 20: // too old to tell whether an earlier copy arrived
      e.delivery.askState(affected.filter((r) => r.copies > 1));
      for (const req of affected) if (req.copies <= 1) e.pending.reject(req, new BadMessageError(msg.errorCode, req.method));
      return;
    default:
      for (const req of affected) e.pending.reject(req, new BadMessageError(msg.errorCode, req.method));
  }
}
