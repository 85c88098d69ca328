/**
 * Answers to the client's service messages (https://core.telegram.org/mtproto/service_messages,
 * /mtproto/service_messages_about_messages), read and written with the generated mt codec.
 * @module
 */
import { MAX_MSG_FUTURE_SECONDS, msgIdToSeconds } from '../../mtproto/index.js';
import { encode } from '../../tl/index.js';
import type { mt } from '../../tl/index.js';
import type { ServerInternals } from './internals.js';
import type { ServerSession } from './session.js';

/** Connection-level effects a service message may ask for. */
export interface ServiceConnectionHooks {
  /** ping_delay_disconnect: close the connection after `seconds` without another such ping. */
  armDisconnect(seconds: number): void;
}

/** Any mt constructor or method a client may send (read with the generated `read$Any`). */
export type ClientServiceMessage = mt.AnyObject | mt.AnyRequest;

/** Most ids accepted in one ack / state / resend request (keeps answers bounded). */
export const MAX_IDS_PER_REQUEST = 8192;

/** Bits of a msgs_state_info byte (https://core.telegram.org/mtproto/service_messages_about_messages). */
const STATE = {
  unknown: 1,
  notReceived: 2,
  notReceivedTooHigh: 3,
  received: 4,
  acknowledged: 8,
  noAckNeeded: 16,
  rpcProcessing: 32,
  answerGenerated: 64,
  answerReceived: 128,
} as const;

/** State byte of msgs_state_info for one client msg_id. */
export function messageState(core: ServerInternals, session: ServerSession, msgId: bigint): number {
  const known = session.messages.get(msgId);
  if (known) {
    // every query is acknowledged as soon as it is received
    let state: number = STATE.received | (known.content ? STATE.acknowledged : STATE.noAckNeeded);
    if (known.rpc && known.status !== 'received') state |= STATE.rpcProcessing;
    if (known.status === 'answered') state |= STATE.answerGenerated | (known.answerAcked ? STATE.answerReceived : 0);
    return state;
  }
  if (session.messages.isForgotten(msgId)) return STATE.unknown;
  if (session.seen.has(msgId)) return STATE.received; // a service message, or an id inside the replay window
  const now = core.clock.nowMs() / 1000;
  if (msgIdToSeconds(msgId) > now + MAX_MSG_FUTURE_SECONDS) return STATE.notReceivedTooHigh;
  if (session.firstMsgId !== undefined && msgId < session.firstMsgId) return STATE.unknown;
  return STATE.notReceived;
}

/** An answer to one of the client's service requests (they come back in rpc_result). */
function answer(session: ServerSession, reqMsgId: bigint, result: mt.AnyObject): void {
  session.send(encode({ _: 'rpc_result', reqMsgId, result: encode(result) }), 'response', true);
}

/** Handles one service message received in `msgId`; ignores the ones a client has no reason to send. */
export function handleServiceMessage(
  core: ServerInternals,
  session: ServerSession,
  hooks: ServiceConnectionHooks,
  msgId: bigint,
  message: ClientServiceMessage,
): void {
  if ('msgIds' in message && message.msgIds.length > MAX_IDS_PER_REQUEST) {
    core.logger.debug(`${message._} with ${message.msgIds.length} ids ignored (max ${MAX_IDS_PER_REQUEST})`);
    return;
  }
  switch (message._) {
    case 'msgs_ack':
      session.acknowledged(message.msgIds);
      return;
    case 'ping':
    case 'ping_delay_disconnect':
      session.send(encode({ _: 'pong', msgId, pingId: message.pingId }), 'response', true);
      if (message._ === 'ping_delay_disconnect') hooks.armDisconnect(message.disconnectDelay);
      return;
    case 'get_future_salts': {
      const salts = session.authKey.salts.future(message.num).map((s) => ({ _: 'future_salt' as const, ...s }));
      session.send(encode({ _: 'future_salts', reqMsgId: msgId, now: core.clock.nowSeconds(), salts }), 'response', true);
      return;
    }
    case 'msgs_state_req': {
      const info = Uint8Array.from(message.msgIds, (id) => messageState(core, session, id));
      session.send(encode({ _: 'msgs_state_info', reqMsgId: msgId, info }), 'response', true);
      return;
    }
    case 'msg_resend_req':
    case 'msg_resend_ans_req': {
      // msg_resend_req names our messages: the same messages again, byte for byte;
      // msg_resend_ans_req names the client's queries: their answers again (fresh messages)
      const answersOnly = message._ === 'msg_resend_ans_req';
      for (const id of message.msgIds) {
        if (!answersOnly) {
          const stored = session.unacked.get(id);
          if (stored) session.enqueue(stored, false);
          continue;
        }
        const entry = session.messages.get(id);
        if (entry?.status === 'answered' && entry.answer) {
          entry.answerMsgId = session.send(entry.answer, 'response', true, id);
          entry.answerAcked = false;
        }
      }
      return;
    }
    case 'destroy_session': {
      const ok = message.sessionId !== session.sessionId && core.sessions.remove(session.authKey.id, message.sessionId);
      session.send(encode({ _: ok ? 'destroy_session_ok' : 'destroy_session_none', sessionId: message.sessionId }), 'response', true);
      return;
    }
    case 'rpc_drop_answer': {
      const target = session.messages.get(message.reqMsgId);
      if (target?.rpc && target.status === 'processing') {
        target.status = 'dropped';
        answer(session, msgId, { _: 'rpc_answer_dropped_running' });
      } else if (target?.rpc && target.status === 'answered' && target.answerMsgId !== undefined && session.unacked.has(target.answerMsgId)) {
        const sent = session.unacked.get(target.answerMsgId)!;
        session.unacked.delete(target.answerMsgId);
        answer(session, msgId, { _: 'rpc_answer_dropped', msgId: sent.msgId, seqNo: sent.seqNo, bytes: sent.body.length });
      } else {
        answer(session, msgId, { _: 'rpc_answer_unknown' });
      }
      return;
    }
    case 'http_wait':
      return; // only meaningful over HTTP transports
    default:
      core.logger.debug(`service message ${message._} from a client ignored`);
  }
}
