/**
 * `new_session_created`: the server started a session for us (first contact, or it forgot the
 * old one). Take its salt; what that means for requests in flight: engine/delivery.ts.
 * https://core.telegram.org/mtproto/service_messages#new-session-creation-notification
 */
import type { mt } from '../../../tl/index.js';
import type { EngineParts } from '../parts.js';

export function handleNewSessionCreated(e: EngineParts, msg: mt.NewSessionCreated): void {
  e.state.setSalt(msg.serverSalt);
  e.delivery.sessionCreated(msg.firstMsgId, e.state.confirmed);
}
