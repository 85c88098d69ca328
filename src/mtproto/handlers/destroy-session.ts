/**
 * `destroy_session_ok` / `destroy_session_none`: answer to destroy_session; resolves the pending
 * call that asked about that session id.
 * https://core.telegram.org/mtproto/service_messages#request-to-destroy-session
 */
import type { HandlerContext } from './context.js';

export function handleDestroySessionRes(ctx: HandlerContext, msg: { _: 'destroy_session_ok' | 'destroy_session_none'; sessionId: bigint }): void {
  const method = `destroy_session:${msg.sessionId}`;
  for (const req of ctx.pending.list()) {
    if (req.method === method) ctx.pending.resolve(req, msg._ === 'destroy_session_ok' ? 'ok' : 'none');
  }
}
