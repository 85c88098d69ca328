/**
 * Bodies of the MTProto service messages the server sends
 * (https://core.telegram.org/mtproto/service_messages, /mtproto/service_messages_about_messages).
 * Written by hand: the layouts are fixed and some use bare vectors of bare objects.
 * @module
 */
import { Writer } from '../../tl/index.js';
import { longHigh, longLow } from '../../mtproto/bytes.js';
import type { SaltInfo } from './salts.js';

/** Constructor ids used by the server core. */
export const ID = {
  msgsAck: 0x62d6b459,
  vector: 0x1cb5c415,
  pong: 0x347773c5,
  newSessionCreated: 0x9ec20908,
  badMsgNotification: 0xa7eff811,
  badServerSalt: 0xedab447b,
  futureSalts: 0xae500895,
  msgsStateInfo: 0x04deb57d,
  destroySessionOk: 0xe22045fc,
  destroySessionNone: 0x62d350c9,
  rpcResult: 0xf35c6d01,
  rpcError: 0x2144ca19,
  rpcAnswerUnknown: 0x5e2ad36e,
  rpcAnswerDroppedRunning: 0xcd78e586,
  rpcAnswerDropped: 0xa43ad8b7,
  boolTrue: 0x997275b5,
  boolFalse: 0xbc799737,
  // client → server
  ping: 0x7abe77ec,
  pingDelayDisconnect: 0xf3427b8c,
  getFutureSalts: 0xb921bd04,
  msgsStateReq: 0xda69fb52,
  msgResendReq: 0x7d861a08,
  msgResendAnsReq: 0x8610baeb,
  destroySession: 0xe7512126,
  rpcDropAnswer: 0x58e4a740,
  httpWait: 0x9299359f,
  msgContainer: 0x73f1f8dc,
  gzipPacked: 0x3072cfa1,
  msgCopy: 0xe06046b2,
} as const;

/** Little-endian 32-bit store without a DataView. */
function putUint32(out: Uint8Array, at: number, value: number): void {
  out[at] = value;
  out[at + 1] = value >>> 8;
  out[at + 2] = value >>> 16;
  out[at + 3] = value >>> 24;
}

function longVector(w: Writer, ids: readonly bigint[]): void {
  w.uint(ID.vector);
  w.int(ids.length);
  for (const id of ids) w.long(id);
}

/** `msgs_ack msg_ids:Vector<long>` */
export function msgsAckBody(ids: readonly bigint[]): Uint8Array {
  const w = new Writer(12 + ids.length * 8); // exact size: no 1 KiB default buffer per message
  w.uint(ID.msgsAck);
  longVector(w, ids);
  return w.finish();
}

/** `pong msg_id:long ping_id:long` */
export function pongBody(msgId: bigint, pingId: bigint): Uint8Array {
  const w = new Writer(20);
  w.uint(ID.pong);
  w.long(msgId);
  w.long(pingId);
  return w.finish();
}

/** `new_session_created first_msg_id:long unique_id:long server_salt:long` */
export function newSessionCreatedBody(firstMsgId: bigint, uniqueId: bigint, salt: bigint): Uint8Array {
  const w = new Writer(28);
  w.uint(ID.newSessionCreated);
  w.long(firstMsgId);
  w.long(uniqueId);
  w.long(salt);
  return w.finish();
}

/** `bad_msg_notification bad_msg_id:long bad_msg_seqno:int error_code:int` */
export function badMsgNotificationBody(badMsgId: bigint, badSeqNo: number, code: number): Uint8Array {
  const w = new Writer(20);
  w.uint(ID.badMsgNotification);
  w.long(badMsgId);
  w.int(badSeqNo);
  w.int(code);
  return w.finish();
}

/** `bad_server_salt bad_msg_id:long bad_msg_seqno:int error_code:int(48) new_server_salt:long` */
export function badServerSaltBody(badMsgId: bigint, badSeqNo: number, salt: bigint): Uint8Array {
  const w = new Writer(28);
  w.uint(ID.badServerSalt);
  w.long(badMsgId);
  w.int(badSeqNo);
  w.int(48);
  w.long(salt);
  return w.finish();
}

/** `future_salts req_msg_id:long now:int salts:vector<future_salt>` (bare vector of bare salts). */
export function futureSaltsBody(reqMsgId: bigint, now: number, salts: readonly SaltInfo[]): Uint8Array {
  const w = new Writer(20 + salts.length * 16);
  w.uint(ID.futureSalts);
  w.long(reqMsgId);
  w.int(now);
  w.int(salts.length);
  for (const s of salts) {
    w.int(s.validSince);
    w.int(s.validUntil);
    w.long(s.salt);
  }
  return w.finish();
}

/** `msgs_state_info req_msg_id:long info:bytes` */
export function msgsStateInfoBody(reqMsgId: bigint, info: Uint8Array): Uint8Array {
  const w = new Writer(20 + info.length);
  w.uint(ID.msgsStateInfo);
  w.long(reqMsgId);
  w.bytes(info);
  return w.finish();
}

/** `destroy_session_ok` / `destroy_session_none session_id:long` */
export function destroySessionResBody(ok: boolean, sessionId: bigint): Uint8Array {
  const w = new Writer(12);
  w.uint(ok ? ID.destroySessionOk : ID.destroySessionNone);
  w.long(sessionId);
  return w.finish();
}

/** `rpc_result req_msg_id:long result:Object` around an already serialised result. */
export function rpcResultBody(reqMsgId: bigint, result: Uint8Array): Uint8Array {
  // built in place: this runs once per answered call
  const out = new Uint8Array(12 + result.length);
  putUint32(out, 0, ID.rpcResult);
  putUint32(out, 4, longLow(reqMsgId));
  putUint32(out, 8, longHigh(reqMsgId));
  out.set(result, 12);
  return out;
}

/** `rpc_error error_code:int error_message:string` */
export function rpcErrorObject(code: number, message: string): Uint8Array {
  const w = new Writer(16 + message.length * 3);
  w.uint(ID.rpcError);
  w.int(code);
  w.string(message);
  return w.finish();
}

/** `rpc_answer_unknown` / `rpc_answer_dropped_running` (answers to rpc_drop_answer). */
export function rpcDropAnswerObject(kind: 'unknown' | 'running'): Uint8Array {
  const w = new Writer(4);
  w.uint(kind === 'unknown' ? ID.rpcAnswerUnknown : ID.rpcAnswerDroppedRunning);
  return w.finish();
}
