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

/** State byte of msgs_state_info for one msg_id (values from the docs). */
function messageState(core: ServerInternals, session: ServerSession, msgId: bigint): number {
  const known = session.clientMessages.get(msgId);
  if (known) {
    let state = 4 | 8; // received, and acknowledged right away
    if (known.rpc && known.state !== 'received') state |= 32;
    if (known.state === 'answered') state |= 64;
    return state;
  }
  if (session.seen.has(msgId)) return 4 | 8;
  const now = core.clock.nowMs() / 1000;
  if (msgIdToSeconds(msgId) > now + MAX_MSG_FUTURE_SECONDS) return 3;
  const oldest = session.clientMessages.keys().next().value as bigint | undefined;
  if (oldest === undefined || msgId < oldest) return 1;
  return 2;
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
      for (const id of message.ids) session.unacked.delete(id);
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
      for (const id of message.ids) {
        const answerId = session.clientMessages.get(id)?.answerMsgId;
        const stored = (!message.answersOnly ? session.unacked.get(id) : undefined) ?? (answerId !== undefined ? session.unacked.get(answerId) : undefined);
        if (stored) session.enqueue(stored, false);
      }
      return;
    case 'destroy_session': {
      const ok = message.sessionId !== session.sessionId && core.sessions.remove(session.authKey.id, message.sessionId);
      session.send(destroySessionResBody(ok, message.sessionId), 'response', true);
      return;
    }
    case 'rpc_drop_answer': {
      const target = session.clientMessages.get(message.reqMsgId);
      let result: Uint8Array;
      if (target?.rpc && target.state === 'processing') {
        target.state = 'dropped';
        result = rpcDropAnswerObject('running');
      } else if (target?.rpc && target.state === 'answered' && target.answerMsgId !== undefined && session.unacked.has(target.answerMsgId)) {
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
