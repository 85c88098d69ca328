/**
 * Routes one validated incoming message: unpacks containers and gzip, acknowledges
 * content-related messages, and hands each service message to its handler.
 * @module
 */
import { isContainer, unpackContainer } from './container.js';
import { gzipUnpack, inflateBudget, isGzipPacked, type InflateBudget } from './gzip.js';
import { parseServiceMessage } from './mt-codec.js';
import type { HandlerContext, IncomingMessage } from './handlers/context.js';
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
import { handleOther } from './handlers/updates.js';

/** Checks an inner message's msg_id (replay window); false means "ignore it". */
export type InnerIdCheck = (msgId: bigint) => boolean;

/**
 * Dispatches `msg`. Throws only for malformed framing (container/gzip); a malformed service
 * message is logged and dropped by the caller. `budget` bounds what all gzip_packed objects of
 * the packet may inflate to, together (a fresh one per packet).
 */
export function dispatchIncoming(
  ctx: HandlerContext,
  msg: IncomingMessage,
  checkInner: InnerIdCheck,
  depth = 0,
  budget: InflateBudget = inflateBudget(),
): void {
  const { body } = msg;
  if (isContainer(body)) {
    if (depth > 0) throw new Error('nested container');
    for (const inner of unpackContainer(body)) {
      if (!checkInner(inner.msgId)) continue;
      try {
        dispatchIncoming(ctx, inner, checkInner, depth + 1, budget);
      } catch (err) {
        ctx.logger?.warn('tgts/mtproto: dropped a malformed message inside a container', err);
      }
    }
    return;
  }
  if ((msg.seqNo & 1) === 1) ctx.ack(msg.msgId);
  if (isGzipPacked(body)) {
    // ack already queued for the outer id; the inner body is handled as if it were the message
    dispatchIncoming(ctx, { msgId: msg.msgId, seqNo: msg.seqNo & ~1, body: gzipUnpack(body, budget) }, checkInner, depth + 1, budget);
    return;
  }
  const service = parseServiceMessage(body);
  if (!service) {
    handleOther(ctx, body, budget);
    return;
  }
  switch (service._) {
    case 'rpc_result': {
      // the result itself may be gzip_packed; unpack here so decoders and rpc_error see plain bytes
      const result = isGzipPacked(service.result) ? gzipUnpack(service.result, budget) : service.result;
      handleRpcResult(ctx, { reqMsgId: service.reqMsgId, result, budget });
      return;
    }
    case 'msgs_ack': return handleMsgsAck(ctx, service);
    case 'bad_msg_notification': return handleBadMsgNotification(ctx, msg, service);
    case 'bad_server_salt': return handleBadServerSalt(ctx, service);
    case 'new_session_created': return handleNewSessionCreated(ctx, service);
    case 'pong': return handlePong(ctx, service);
    case 'future_salts': return handleFutureSalts(ctx, service);
    case 'msgs_state_req': return handleMsgsStateReq(ctx, msg, service);
    case 'msgs_state_info': return handleMsgsStateInfo(ctx, service);
    case 'msgs_all_info': return handleMsgsAllInfo(ctx, service);
    case 'msg_detailed_info':
    case 'msg_new_detailed_info':
      return handleMsgDetailedInfo(ctx, service);
    case 'msg_resend_req': return handleMsgResendReq(ctx, service);
    case 'destroy_session_ok':
    case 'destroy_session_none':
      return handleDestroySessionRes(ctx, service);
    case 'http_wait': return; // meaningful only on HTTP transports
    case 'msg_copy':
      if (checkInner(service.msgId)) dispatchIncoming(ctx, { msgId: service.msgId, seqNo: service.seqNo, body: service.body }, checkInner, depth + 1, budget);
      return;
  }
}
