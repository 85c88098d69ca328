/**
 * `msgs_ack`: the server received these messages; acknowledged requests are not sent again
 * after a reconnect (their state is asked instead).
 * https://core.telegram.org/mtproto/service_messages_about_messages#acknowledgment-of-receipt
 */
import type { mt } from '../../../tl/index.js';
import type { EngineParts } from '../parts.js';

export function handleMsgsAck(e: EngineParts, msg: mt.MsgsAck): void {
  for (const id of msg.msgIds) {
    const inner = e.pending.containerIds(id);
    if (inner) for (const i of inner) e.pending.ack(i);
    e.pending.ack(id);
  }
}
