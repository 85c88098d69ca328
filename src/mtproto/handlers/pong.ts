/**
 * `pong`: answers our ping (usually bare, not in rpc_result); resolves the ping's pending entry.
 * https://core.telegram.org/mtproto/service_messages#ping-messages-pingpong
 */
import type { HandlerContext } from './context.js';

export function handlePong(ctx: HandlerContext, msg: { msgId: bigint; pingId: bigint }): void {
  const req = ctx.pending.get(msg.msgId);
  if (req) ctx.pending.resolve(req, msg);
}
