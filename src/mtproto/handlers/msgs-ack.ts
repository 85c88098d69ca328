/**
 * `msgs_ack`: the server received these messages; acknowledged requests are not blindly resent
 * after a reconnect. https://core.telegram.org/mtproto/service_messages_about_messages#acknowledgment-of-receipt
 */
import type { HandlerContext } from './context.js';

export function handleMsgsAck(ctx: HandlerContext, msg: { msgIds: bigint[] }): void {
  for (const id of msg.msgIds) {
    const inner = ctx.pending.containerIds(id);
    if (inner) for (const i of inner) ctx.pending.ack(i);
    ctx.pending.ack(id);
  }
}
