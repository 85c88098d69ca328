/**
 * `future_salts`: answer to get_future_salts (bare, carries req_msg_id); stores the salts.
 * https://core.telegram.org/mtproto/service_messages#request-for-several-future-salts
 */
import type { FutureSalt } from '../mt-codec.js';
import type { HandlerContext } from './context.js';

export function handleFutureSalts(ctx: HandlerContext, msg: { reqMsgId: bigint; now: number; salts: FutureSalt[] }): void {
  ctx.salts.addFuture(msg.salts);
  if (ctx.salts.rotate(ctx.serverNow())) ctx.persist();
  const req = ctx.pending.get(msg.reqMsgId);
  if (req) ctx.pending.resolve(req, msg);
}
