/**
 * `destroy_session_ok` / `destroy_session_none`: answer to destroy_session; resolves the pending
 * call that asked about that session id.
 * https://core.telegram.org/mtproto/service_messages#request-to-destroy-session
 */
import type { mt } from '../../../tl/index.js';
import type { EngineParts } from '../parts.js';

export function handleDestroySessionRes(e: EngineParts, msg: mt.DestroySessionRes): void {
  const method = `destroy_session:${msg.sessionId}`;
  for (const req of e.pending.list()) {
    if (req.method === method) e.pending.resolve(req, msg._ === 'destroy_session_ok' ? 'ok' : 'none');
  }
}
