/**
 * `bad_server_salt`: store the new salt and send again what it names (under which id:
 * engine/delivery.ts).
 * https://core.telegram.org/mtproto/service_messages_about_messages#notice-of-ignored-error-message
 */
import type { mt } from '../../../tl/index.js';
import type { EngineParts } from '../parts.js';

export function handleBadServerSalt(e: EngineParts, msg: mt.BadServerSalt): void {
  e.state.setSalt(msg.newServerSalt);
  e.delivery.ignored(e.pending.resolveIds([msg.badMsgId]));
}
