/**
 * `future_salts`: answer to get_future_salts (bare, carries req_msg_id); resolves that request
 * (its owner stores the salts).
 * https://core.telegram.org/mtproto/service_messages#request-for-several-future-salts
 */
import type { mt } from '../../../tl/index.js';
import type { EngineParts } from '../parts.js';

export function handleFutureSalts(e: EngineParts, msg: mt.FutureSalts): void {
  const req = e.pending.get(msg.reqMsgId);
  if (req) e.pending.resolve(req, msg);
}
