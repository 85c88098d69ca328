/**
 * Hand-written codec for the MTProto service messages of `schema/mt.tl`.
 * They are few, fixed and on the hot path of every packet, so the session parses them directly
 * and hands everything else (results, updates) to the generated TL codec.
 * Constructor ids: https://core.telegram.org/schema/mtproto
 * @module
 */
import { readTlBytes, tlBytesSize, u32At, viewOf, writeLong, writeTlBytes } from './bytes.js';
import { MtprotoError } from './errors.js';

/** Constructor ids of the service messages. */
export const MT = {
  rpcResult: 0xf35c6d01,
  rpcError: 0x2144ca19,
  rpcAnswerUnknown: 0x5e2ad36e,
  rpcAnswerDroppedRunning: 0xcd78e586,
  rpcAnswerDropped: 0xa43ad8b7,
  futureSalt: 0x0949d9dc,
  futureSalts: 0xae500895,
  pong: 0x347773c5,
  destroySessionOk: 0xe22045fc,
  destroySessionNone: 0x62d350c9,
  newSessionCreated: 0x9ec20908,
  msgContainer: 0x73f1f8dc,
  msgCopy: 0xe06046b2,
  gzipPacked: 0x3072cfa1,
  msgsAck: 0x62d6b459,
  badMsgNotification: 0xa7eff811,
  badServerSalt: 0xedab447b,
  msgResendReq: 0x7d861a08,
  msgsStateReq: 0xda69fb52,
  msgsStateInfo: 0x04deb57d,
  msgsAllInfo: 0x8cc0d131,
  msgDetailedInfo: 0x276d3ec6,
  msgNewDetailedInfo: 0x809db6df,
  rpcDropAnswer: 0x58e4a740,
  getFutureSalts: 0xb921bd04,
  ping: 0x7abe77ec,
  pingDelayDisconnect: 0xf3427b8c,
  destroySession: 0xe7512126,
  httpWait: 0x9299359f,
  vector: 0x1cb5c415,
} as const;

/** One entry of future_salts. */
export interface FutureSalt {
  validSince: number;
  validUntil: number;
  salt: bigint;
}

/** A parsed service message; `_` is the TL constructor name. */
export type ServiceMessage =
  | { _: 'rpc_result'; reqMsgId: bigint; result: Uint8Array }
  | { _: 'msgs_ack'; msgIds: bigint[] }
  | { _: 'bad_msg_notification'; badMsgId: bigint; badMsgSeqno: number; errorCode: number }
  | { _: 'bad_server_salt'; badMsgId: bigint; badMsgSeqno: number; errorCode: number; newServerSalt: bigint }
  | { _: 'new_session_created'; firstMsgId: bigint; uniqueId: bigint; serverSalt: bigint }
  | { _: 'pong'; msgId: bigint; pingId: bigint }
  | { _: 'future_salts'; reqMsgId: bigint; now: number; salts: FutureSalt[] }
  | { _: 'msgs_state_req'; msgIds: bigint[] }
  | { _: 'msgs_state_info'; reqMsgId: bigint; info: Uint8Array }
  | { _: 'msgs_all_info'; msgIds: bigint[]; info: Uint8Array }
  | { _: 'msg_detailed_info'; msgId: bigint; answerMsgId: bigint; bytes: number; status: number }
  | { _: 'msg_new_detailed_info'; answerMsgId: bigint; bytes: number; status: number }
  | { _: 'msg_resend_req'; msgIds: bigint[] }
  | { _: 'destroy_session_ok' | 'destroy_session_none'; sessionId: bigint }
  | { _: 'http_wait'; maxDelay: number; waitAfter: number; maxWait: number }
  | { _: 'msg_copy'; msgId: bigint; seqNo: number; body: Uint8Array };

/** Bounds-checked little-endian reader over one message body. */
class Cursor {
  private readonly view: DataView;
  pos = 4; // after the constructor id
  constructor(private readonly data: Uint8Array, private readonly what: string) {
    this.view = viewOf(data);
  }
  private need(n: number, field: string): void {
    if (this.pos + n > this.data.length) throw new MtprotoError('bad-message', `${this.what}.${field}`, 'truncated', this.pos);
  }
  int(field: string): number {
    this.need(4, field);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  long(field: string): bigint {
    this.need(8, field);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }
  bytes(field: string): Uint8Array {
    const r = readTlBytes(this.data, this.pos);
    if (!r) throw new MtprotoError('bad-message', `${this.what}.${field}`, 'truncated or invalid bytes', this.pos);
    this.pos = r.end;
    return r.value;
  }
  rest(): Uint8Array {
    return this.data.subarray(this.pos);
  }
  /** Boxed Vector<long> (`vector<long>` too when `bare`). */
  longs(field: string, bare = false): bigint[] {
    if (!bare) {
      this.need(4, field);
      const ctor = this.view.getUint32(this.pos, true);
      if (ctor !== MT.vector) throw new MtprotoError('bad-message', `${this.what}.${field}`, `expected Vector, got 0x${ctor.toString(16)}`, this.pos);
      this.pos += 4;
    }
    const count = this.int(`${field}.length`);
    if (count < 0 || this.pos + count * 8 > this.data.length) {
      throw new MtprotoError('bad-message', `${this.what}.${field}`, `bad element count ${count}`, this.pos - 4);
    }
    const out = new Array<bigint>(count);
    for (let i = 0; i < count; i++) out[i] = this.long(field);
    return out;
  }
}

/** Constructor id of a body (0 when shorter than 4 bytes). */
export function constructorOf(body: Uint8Array): number {
  return body.length < 4 ? 0 : u32At(body, 0);
}

/**
 * Parses a service message, or returns null when `body` is not one (results, updates…).
 * Containers and gzip_packed are not handled here (see container.ts / gzip.ts).
 * @throws MtprotoError when a service message is truncated.
 */
export function parseServiceMessage(body: Uint8Array): ServiceMessage | null {
  const c = (what: string) => new Cursor(body, what);
  switch (constructorOf(body)) {
    case MT.rpcResult: {
      const r = c('rpc_result');
      return { _: 'rpc_result', reqMsgId: r.long('req_msg_id'), result: r.rest() };
    }
    case MT.msgsAck:
      return { _: 'msgs_ack', msgIds: c('msgs_ack').longs('msg_ids') };
    case MT.badMsgNotification: {
      const r = c('bad_msg_notification');
      return { _: 'bad_msg_notification', badMsgId: r.long('bad_msg_id'), badMsgSeqno: r.int('bad_msg_seqno'), errorCode: r.int('error_code') };
    }
    case MT.badServerSalt: {
      const r = c('bad_server_salt');
      return {
        _: 'bad_server_salt',
        badMsgId: r.long('bad_msg_id'),
        badMsgSeqno: r.int('bad_msg_seqno'),
        errorCode: r.int('error_code'),
        newServerSalt: r.long('new_server_salt'),
      };
    }
    case MT.newSessionCreated: {
      const r = c('new_session_created');
      return { _: 'new_session_created', firstMsgId: r.long('first_msg_id'), uniqueId: r.long('unique_id'), serverSalt: r.long('server_salt') };
    }
    case MT.pong: {
      const r = c('pong');
      return { _: 'pong', msgId: r.long('msg_id'), pingId: r.long('ping_id') };
    }
    case MT.futureSalts: {
      const r = c('future_salts');
      const reqMsgId = r.long('req_msg_id');
      const now = r.int('now');
      // `vector<future_salt>` is bare in the schema; accept a boxed vector / boxed items too,
      // since neither constructor id can be a plausible count or valid_since.
      let count = r.int('salts.length');
      if (count >>> 0 === MT.vector) count = r.int('salts.length');
      if (count < 0 || count > 1000) throw new MtprotoError('bad-message', 'future_salts.salts', `bad count ${count}`, r.pos - 4);
      const salts: FutureSalt[] = [];
      for (let i = 0; i < count; i++) {
        let validSince = r.int('valid_since');
        if (validSince >>> 0 === MT.futureSalt) validSince = r.int('valid_since');
        salts.push({ validSince, validUntil: r.int('valid_until'), salt: r.long('salt') });
      }
      return { _: 'future_salts', reqMsgId, now, salts };
    }
    case MT.msgsStateReq:
      return { _: 'msgs_state_req', msgIds: c('msgs_state_req').longs('msg_ids') };
    case MT.msgsStateInfo: {
      const r = c('msgs_state_info');
      return { _: 'msgs_state_info', reqMsgId: r.long('req_msg_id'), info: r.bytes('info') };
    }
    case MT.msgsAllInfo: {
      const r = c('msgs_all_info');
      return { _: 'msgs_all_info', msgIds: r.longs('msg_ids'), info: r.bytes('info') };
    }
    case MT.msgDetailedInfo: {
      const r = c('msg_detailed_info');
      return { _: 'msg_detailed_info', msgId: r.long('msg_id'), answerMsgId: r.long('answer_msg_id'), bytes: r.int('bytes'), status: r.int('status') };
    }
    case MT.msgNewDetailedInfo: {
      const r = c('msg_new_detailed_info');
      return { _: 'msg_new_detailed_info', answerMsgId: r.long('answer_msg_id'), bytes: r.int('bytes'), status: r.int('status') };
    }
    case MT.msgResendReq:
      return { _: 'msg_resend_req', msgIds: c('msg_resend_req').longs('msg_ids') };
    case MT.destroySessionOk:
      return { _: 'destroy_session_ok', sessionId: c('destroy_session_ok').long('session_id') };
    case MT.destroySessionNone:
      return { _: 'destroy_session_none', sessionId: c('destroy_session_none').long('session_id') };
    case MT.httpWait: {
      const r = c('http_wait');
      return { _: 'http_wait', maxDelay: r.int('max_delay'), waitAfter: r.int('wait_after'), maxWait: r.int('max_wait') };
    }
    case MT.msgCopy: {
      const r = c('msg_copy');
      const msgId = r.long('orig_message.msg_id');
      const seqNo = r.int('orig_message.seqno');
      const length = r.int('orig_message.bytes');
      const rest = r.rest();
      if (length < 4 || length % 4 !== 0 || length > rest.length) {
        throw new MtprotoError('bad-message', 'msg_copy.orig_message.bytes', `invalid length ${length}`, r.pos - 4);
      }
      return { _: 'msg_copy', msgId, seqNo, body: rest.subarray(0, length) };
    }
    default:
      return null;
  }
}

/** Parses `rpc_error` at the start of a result, or returns null. */
export function parseRpcError(result: Uint8Array): { code: number; message: string } | null {
  if (constructorOf(result) !== MT.rpcError) return null;
  const r = new Cursor(result, 'rpc_error');
  const code = r.int('error_code');
  const message = new TextDecoder().decode(r.bytes('error_message'));
  return { code, message };
}

// ---- encoders of what the client sends ----

function withLongs(ctor: number, ids: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(12 + ids.length * 8);
  const v = viewOf(out);
  v.setUint32(0, ctor, true);
  v.setUint32(4, MT.vector, true);
  v.setInt32(8, ids.length, true);
  ids.forEach((id, i) => writeLong(v, 12 + i * 8, id));
  return out;
}

function ctorAndLongs(ctor: number, ...values: bigint[]): Uint8Array {
  const out = new Uint8Array(4 + values.length * 8);
  const v = viewOf(out);
  v.setUint32(0, ctor, true);
  values.forEach((x, i) => writeLong(v, 4 + i * 8, x));
  return out;
}

/** Most ids in one msgs_ack (and other id vectors) per the docs. */
export const MAX_IDS_PER_ACK = 8192;

export const encodeMsgsAck = (ids: readonly bigint[]): Uint8Array => withLongs(MT.msgsAck, ids);
export const encodeMsgsStateReq = (ids: readonly bigint[]): Uint8Array => withLongs(MT.msgsStateReq, ids);
export const encodeMsgResendReq = (ids: readonly bigint[]): Uint8Array => withLongs(MT.msgResendReq, ids);
export const encodeRpcDropAnswer = (reqMsgId: bigint): Uint8Array => ctorAndLongs(MT.rpcDropAnswer, reqMsgId);
export const encodePing = (pingId: bigint): Uint8Array => ctorAndLongs(MT.ping, pingId);
export const encodeDestroySession = (sessionId: bigint): Uint8Array => ctorAndLongs(MT.destroySession, sessionId);

export function encodePingDelayDisconnect(pingId: bigint, disconnectDelaySeconds: number): Uint8Array {
  const out = new Uint8Array(16);
  const v = viewOf(out);
  v.setUint32(0, MT.pingDelayDisconnect, true);
  writeLong(v, 4, pingId);
  v.setInt32(12, disconnectDelaySeconds, true);
  return out;
}

/** `http_wait` (HTTP transport long poll; times in ms). */
export function encodeHttpWait(maxDelay: number, waitAfter: number, maxWait: number): Uint8Array {
  const out = new Uint8Array(16);
  const v = viewOf(out);
  v.setUint32(0, MT.httpWait, true);
  v.setInt32(4, maxDelay, true);
  v.setInt32(8, waitAfter, true);
  v.setInt32(12, maxWait, true);
  return out;
}

export function encodeGetFutureSalts(num: number): Uint8Array {
  const out = new Uint8Array(8);
  const v = viewOf(out);
  v.setUint32(0, MT.getFutureSalts, true);
  v.setInt32(4, num, true);
  return out;
}

export function encodeMsgsStateInfo(reqMsgId: bigint, info: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + tlBytesSize(info.length));
  const v = viewOf(out);
  v.setUint32(0, MT.msgsStateInfo, true);
  writeLong(v, 4, reqMsgId);
  writeTlBytes(out, 12, info);
  return out;
}
