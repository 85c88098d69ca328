/**
 * Answers to the client's service messages (https://core.telegram.org/mtproto/service_messages,
 * /mtproto/service_messages_about_messages).
 * @module
 */
import { MAX_MSG_FUTURE_SECONDS, msgIdToSeconds } from '../../mtproto/index.js';
import type { ServerInternals } from './internals.js';
import type { ClientServiceMessage } from './service-parse.js';
import {
  destroySessionResBody,
  futureSaltsBody,
  msgsStateInfoBody,
  pongBody,
  rpcDropAnswerObject,
  rpcResultBody,
} from './service-bodies.js';
import { Writer } from '../../tl/index.js';
import { ID } from './service-bodies.js';
import type { ServerSession } from './session.js';

/** Connection-level effects a service message may ask for. */
export interface ServiceConnectionHooks {
  /** ping_delay_disconnect: close the connection after `seconds` without another such ping. */
  armDisconnect(seconds: number): void;
}

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

function rpcAnswerDroppedObject(msgId: bigint, seqNo: number, bytes: number): Uint8Array {
  const w = new Writer();
  w.uint(ID.rpcAnswerDropped);
  w.long(msgId);
  w.int(seqNo);
  w.int(bytes);
  return w.finish();
}

/** Handles one service message received in `msgId`. */
export function handleServiceMessage(
  core: ServerInternals,
  session: ServerSession,
  hooks: ServiceConnectionHooks,
  msgId: bigint,
  message: ClientServiceMessage,
): void {
  switch (message.kind) {
    case 'msgs_ack':
      session.acknowledged(message.ids);
      return;
    case 'ping':
      session.send(pongBody(msgId, message.pingId), 'response', true);
      if (message.disconnectDelay !== undefined) hooks.armDisconnect(message.disconnectDelay);
      return;
    case 'get_future_salts':
      session.send(futureSaltsBody(msgId, core.clock.nowSeconds(), session.authKey.salts.future(message.num)), 'response', true);
      return;
    case 'msgs_state_req': {
      const info = Uint8Array.from(message.ids, (id) => messageState(core, session, id));
      session.send(msgsStateInfoBody(msgId, info), 'response', true);
      return;
    }
    case 'msg_resend_req':
      // msg_resend_req names our messages: the same messages again, byte for byte;
      // msg_resend_ans_req names the client's queries: their answers again (fresh messages)
      for (const id of message.ids) {
        if (!message.answersOnly) {
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
    case 'destroy_session': {
      const ok = message.sessionId !== session.sessionId && core.sessions.remove(session.authKey.id, message.sessionId);
      session.send(destroySessionResBody(ok, message.sessionId), 'response', true);
      return;
    }
    case 'rpc_drop_answer': {
      const target = session.messages.get(message.reqMsgId);
      let result: Uint8Array;
      if (target?.rpc && target.status === 'processing') {
        target.status = 'dropped';
        result = rpcDropAnswerObject('running');
      } else if (target?.rpc && target.status === 'answered' && target.answerMsgId !== undefined && session.unacked.has(target.answerMsgId)) {
        const sent = session.unacked.get(target.answerMsgId)!;
        session.unacked.delete(target.answerMsgId);
        result = rpcAnswerDroppedObject(sent.msgId, sent.seqNo, sent.body.length);
      } else {
        result = rpcDropAnswerObject('unknown');
      }
      session.send(rpcResultBody(msgId, result), 'response', true);
      return;
    }
    case 'http_wait':
      return; // only meaningful over HTTP transports
  }
}
