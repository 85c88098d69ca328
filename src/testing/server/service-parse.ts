/**
 * Recognises the service messages a client may send the server and reads their fields.
 * Anything else is an RPC query (or an object the server ignores).
 * @module
 */
import { MtprotoError } from '../../mtproto/index.js';
import { Reader } from '../../tl/index.js';
import { ID } from './service-bodies.js';

/** A decoded client service message. */
export type ClientServiceMessage =
  | { kind: 'msgs_ack'; ids: bigint[] }
  | { kind: 'ping'; pingId: bigint; disconnectDelay?: number }
  | { kind: 'get_future_salts'; num: number }
  | { kind: 'msgs_state_req'; ids: bigint[] }
  | { kind: 'msg_resend_req'; ids: bigint[]; answersOnly: boolean }
  | { kind: 'destroy_session'; sessionId: bigint }
  | { kind: 'rpc_drop_answer'; reqMsgId: bigint }
  | { kind: 'http_wait' };

/** Most ids accepted in one ack / state / resend request (keeps answers bounded). */
export const MAX_IDS_PER_REQUEST = 8192;

function readLongVector(r: Reader, field: string): bigint[] {
  const start = r.pos;
  const ctor = r.uint();
  if (ctor !== ID.vector) throw new MtprotoError('bad-message', field, `expected vector, got 0x${ctor.toString(16)}`, start);
  const count = r.int();
  if (count < 0 || count > MAX_IDS_PER_REQUEST || count * 8 > r.remaining) {
    throw new MtprotoError('bad-message', field, `invalid count ${count}`, start + 4);
  }
  const ids: bigint[] = [];
  for (let i = 0; i < count; i++) ids.push(r.long());
  return ids;
}

/** Constructor id at the start of `body` (0 when shorter than 4 bytes). */
export function constructorOf(body: Uint8Array): number {
  if (body.length < 4) return 0;
  return (body[0]! | (body[1]! << 8) | (body[2]! << 16) | (body[3]! << 24)) >>> 0;
}

/** Parses a client service message; `undefined` when `body` is not one (an RPC query, or unknown). */
export function parseServiceMessage(body: Uint8Array): ClientServiceMessage | undefined {
  const id = constructorOf(body);
  const r = new Reader(body);
  switch (id) {
    case ID.msgsAck:
      r.uint();
      return { kind: 'msgs_ack', ids: readLongVector(r, 'msgs_ack.msg_ids') };
    case ID.ping:
      r.uint();
      return { kind: 'ping', pingId: r.long() };
    case ID.pingDelayDisconnect: {
      r.uint();
      const pingId = r.long();
      return { kind: 'ping', pingId, disconnectDelay: r.int() };
    }
    case ID.getFutureSalts:
      r.uint();
      return { kind: 'get_future_salts', num: r.int() };
    case ID.msgsStateReq:
      r.uint();
      return { kind: 'msgs_state_req', ids: readLongVector(r, 'msgs_state_req.msg_ids') };
    case ID.msgResendReq:
    case ID.msgResendAnsReq:
      r.uint();
      return { kind: 'msg_resend_req', ids: readLongVector(r, 'msg_resend_req.msg_ids'), answersOnly: id === ID.msgResendAnsReq };
    case ID.destroySession:
      r.uint();
      return { kind: 'destroy_session', sessionId: r.long() };
    case ID.rpcDropAnswer:
      r.uint();
      return { kind: 'rpc_drop_answer', reqMsgId: r.long() };
    case ID.httpWait:
      return { kind: 'http_wait' };
    default:
      return undefined;
  }
}
