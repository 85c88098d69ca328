/**
 * Routes one incoming message (containers were unpacked by the link) to its handler: service
 * messages are read with the generated mt codec (`read$Any`), anything else is unsolicited
 * (Updates) and goes to the owner undecoded.
 * @module
 */
import { read$Any as readMtAny } from '../../tl/generated/mt/read.js';
import { Reader } from '../../tl/runtime/reader.js';
import type { IncomingMessage } from '../connection/link.js';
import { gzipUnpack, isGzipPacked } from '../gzip.js';
import type { InflateBudget } from '../gzip.js';
import { handleBadMsgNotification } from './handlers/bad-msg-notification.js';
import { handleBadServerSalt } from './handlers/bad-server-salt.js';
import { handleDestroySessionRes } from './handlers/destroy-session.js';
import { handleFutureSalts } from './handlers/future-salts.js';
import { handleMsgDetailedInfo } from './handlers/msg-detailed-info.js';
import { handleMsgResendReq } from './handlers/msg-resend-req.js';
import { handleMsgsAck } from './handlers/msgs-ack.js';
import { handleMsgsAllInfo, handleMsgsStateInfo } from './handlers/msgs-state-info.js';
import { handleMsgsStateReq } from './handlers/msgs-state-req.js';
import { handleNewSessionCreated } from './handlers/new-session-created.js';
import { handlePong } from './handlers/pong.js';
import { handleRpcResult } from './handlers/rpc-result.js';
import type { EngineParts } from './parts.js';

/**
 * Dispatches `msg`. Throws for a malformed message (gzip, truncated service message); the
 * caller logs and drops it. `budget` bounds what all gzip_packed objects of its packet inflate to.
 */
export function dispatchIncoming(e: EngineParts, msg: IncomingMessage, budget: InflateBudget): void {
  let { body } = msg;
  if ((msg.seqNo & 1) === 1) e.acks.add(msg.msgId);
  // the ack is queued for the outer id; the inner body is handled as if it were the message
  if (isGzipPacked(body)) body = gzipUnpack(body, budget);
  const s = readMtAny(new Reader(body));
  if (s === undefined) {
    e.unsolicited(body, budget);
    return;
  }
  switch (s._) {
    case 'rpc_result':
      // the result itself may be gzip_packed; unpack here so decoders and rpc_error see plain bytes
      return handleRpcResult(e, s.reqMsgId, isGzipPacked(s.result) ? gzipUnpack(s.result, budget) : s.result, budget);
    case 'msgs_ack': return handleMsgsAck(e, s);
    case 'bad_msg_notification': return handleBadMsgNotification(e, msg, s);
    case 'bad_server_salt': return handleBadServerSalt(e, s);
    case 'new_session_created': return handleNewSessionCreated(e, s);
    case 'pong': return handlePong(e, s);
    case 'future_salts': return handleFutureSalts(e, s);
    case 'msgs_state_req': return handleMsgsStateReq(e, msg, s);
    case 'msgs_state_info': return handleMsgsStateInfo(e, s);
    case 'msgs_all_info': return handleMsgsAllInfo(e, s);
    case 'msg_detailed_info':
    case 'msg_new_detailed_info':
      return handleMsgDetailedInfo(e, s);
    case 'msg_resend_req': return handleMsgResendReq(e, s);
    case 'destroy_session_ok':
    case 'destroy_session_none':
      return handleDestroySessionRes(e, s);
    default:
      // http_wait (HTTP transports only), msg_copy (not used by Telegram), key-exchange objects
      e.logger?.debug(`tgts/mtproto: ignored ${s._}`);
  }
}
