/**
 * `pong`: answers our ping (usually bare, not in rpc_result); resolves the ping's pending entry.
 * https://core.telegram.org/mtproto/service_messages#ping-messages-pingpong
 */
import type { mt } from '../../../tl/index.js';
import type { EngineParts } from '../parts.js';

export function handlePong(e: EngineParts, msg: mt.Pong): void {
  const req = e.pending.get(msg.msgId);
  if (req) e.pending.resolve(req, msg);
}
