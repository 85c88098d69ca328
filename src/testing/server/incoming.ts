/**
 * Checks and routes one decrypted client message (https://core.telegram.org/mtproto/description,
 * /mtproto/service_messages_about_messages): msg_id parity and time window → bad_msg_notification
 * 18/16/17, invalid salt → bad_server_salt, replayed msg_id → ignored, seqno parity → 35 (content) / 34 (containers),
 * new_session_created for a new session, acks for content messages, containers and gzip unpacked,
 * service messages answered, everything else run as an RPC query.
 * @module
 */
import {
  checkIncomingMsgId,
  gzipUnpack,
  inflateBudget,
  isContainer,
  isContentRelated,
  isGzipPacked,
  unpackContainer,
} from '../../mtproto/index.js';
import type { EncryptedPlaintext, InflateBudget } from '../../mtproto/index.js';
import { randomBytes } from '../../crypto/index.js';
import { Reader } from '../../tl/runtime/reader.js';
import { fullTables } from '../../tl/full-codec.js';
import { encode } from '../../tl/index.js';
import type { AnyRequest } from '../../tl/index.js';
import { read$Any as readMtAny } from '../../tl/generated/mt/read.js';
import type { AuthKeyRecord } from './auth-keys.js';
import type { ServerInternals } from './internals.js';
import { answerUndecodable, runRpc } from './rpc.js';
import { handleServiceMessage } from './service-handlers.js';
import type { ServiceConnectionHooks } from './service-handlers.js';
import type { ServerSession, SessionSink } from './session.js';


/**
 * File parts (`bytes` from this length on) are kept as views of the query's packet, not copies: the
 * connection decrypted it in place into a frame of its own that nothing writes again.
 */
const QUERY_BYTES_VIEWS_FROM = 64 * 1024;
/** The connection a message arrived on, as the routing code sees it. */
export interface IncomingConnection extends SessionSink, ServiceConnectionHooks {}

interface Msg {
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
}

function randomLong(): bigint {
  const b = randomBytes(8);
  return new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true);
}

/**
 * Verdict on a msg_id before it is processed: `ok`, a notification code, `duplicate` (a query
 * this session remembers: never run again) or `ignore` (seen before, or older than what the
 * session still remembers).
 */
function judgeMsgId(core: ServerInternals, session: ServerSession, msgId: bigint): 'ok' | 'ignore' | 'duplicate' | 16 | 17 | 18 {
  if (session.messages.get(msgId)) return 'duplicate';
  const verdict = checkIncomingMsgId(msgId, { side: 'server', now: core.clock.nowMs() });
  if (verdict === 'bad-parity') return 18;
  if (verdict === 'too-old') return 16;
  if (verdict === 'too-new') return 17;
  return session.seen.has(msgId) || session.messages.isForgotten(msgId) ? 'ignore' : 'ok';
}

/**
 * A query re-sent under its original msg_id (after a reconnect): acknowledged again, and answered
 * from the stored answer when it has one; a query still running gets its answer once, when done.
 */
function handleDuplicate(session: ServerSession, msgId: bigint): void {
  const known = session.messages.get(msgId);
  if (!known) return;
  if (known.content) session.ack(msgId);
  if (known.status === 'answered' && known.answer) {
    known.answerMsgId = session.send(known.answer, 'response', true, msgId);
    known.answerAcked = false;
  }
}

function notify(session: ServerSession, msg: Msg, code: number): void {
  session.send(encode({ _: 'bad_msg_notification', badMsgId: msg.msgId, badMsgSeqno: msg.seqNo, errorCode: code }), 'response', false);
}

/** `bad_server_salt` carrying the salt the client should use. */
function badSalt(session: ServerSession, msg: Msg): void {
  const body = encode({ _: 'bad_server_salt', badMsgId: msg.msgId, badMsgSeqno: msg.seqNo, errorCode: 48, newServerSalt: session.authKey.salts.current() });
  session.send(body, 'response', false);
}

/** Handles one decrypted packet of `key` received on `conn`; returns the session it belongs to. */
export function handleEncryptedMessage(core: ServerInternals, conn: IncomingConnection, key: AuthKeyRecord, envelope: EncryptedPlaintext): ServerSession {
  const { session } = core.sessions.touch(key, envelope.sessionId);
  // Answers follow the connection of the newest packet (a client that reconnects may re-send under
  // the original msg_ids before the server notices the old connection is gone).
  session.sink = conn;
  if (session.outbox.length > 0) session.scheduleFlush(); // delivers what was queued while the client was away
  routeEnvelope(core, conn, session, key, envelope);
  return session;
}

function routeEnvelope(core: ServerInternals, conn: IncomingConnection, session: ServerSession, key: AuthKeyRecord, envelope: EncryptedPlaintext): void {
  const verdict = judgeMsgId(core, session, envelope.msgId);
  if (verdict === 'ignore') return;
  if (verdict === 'duplicate') return handleDuplicate(session, envelope.msgId);
  if (verdict !== 'ok') return notify(session, envelope, verdict);
  if (!key.salts.isValid(envelope.salt)) return badSalt(session, envelope);
  if (!session.announced) {
    session.announced = true;
    session.firstMsgId ??= envelope.msgId;
    session.send(encode({ _: 'new_session_created', firstMsgId: envelope.msgId, uniqueId: randomLong(), serverSalt: key.salts.current() }), 'service', true);
  }

  // One inflate budget for the whole packet: a container of gzip bombs costs one capped inflate.
  const budget = inflateBudget();
  if (!isContainer(envelope.body)) return handleMessage(core, conn, session, envelope, budget);

  if (envelope.seqNo % 2 !== 0) return notify(session, envelope, 34);
  let inner: Msg[];
  try {
    inner = unpackContainer(envelope.body, { containerMsgId: envelope.msgId });
  } catch (err) {
    core.logger.debug('invalid container', err);
    return notify(session, envelope, 64);
  }
  session.seen.add(envelope.msgId);
  for (const msg of inner) {
    const v = judgeMsgId(core, session, msg.msgId);
    if (v === 'ignore') continue;
    if (v === 'duplicate') handleDuplicate(session, msg.msgId);
    else if (v !== 'ok') notify(session, msg, v);
    else handleMessage(core, conn, session, msg, budget);
  }
}

function handleMessage(core: ServerInternals, conn: IncomingConnection, session: ServerSession, msg: Msg, budget: InflateBudget): void {
  const content = isContentRelated(msg.body);
  // Strict where Telegram is strict: a content-related message needs an odd seqno (35). Telegram
  // tolerates an odd seqno on msgs_ack and http_wait (some clients send acks that way), so do we.
  if (content && msg.seqNo % 2 === 0) return notify(session, msg, 35);

  let body = msg.body;
  if (isGzipPacked(body)) {
    try {
      body = gzipUnpack(body, budget);
    } catch (err) {
      core.logger.debug('bad gzip_packed', err);
      session.seen.add(msg.msgId);
      return answerUndecodable(core, session, msg.msgId, 'INPUT_REQUEST_INVALID');
    }
  }

  let service;
  try {
    // an mt constructor or method (service message), or undefined for an RPC query
    service = readMtAny(new Reader(body));
  } catch (err) {
    core.logger.debug('malformed service message', err);
    session.seen.add(msg.msgId);
    return;
  }

  if (!service) {
    const fault = core.faults.nextRequest.shift();
    if (fault) {
      // Not recorded as seen: the client may resend under the same msg_id.
      if (fault.kind === 'bad_server_salt') badSalt(session, msg);
      else notify(session, msg, fault.code);
      return;
    }
  }

  session.seen.add(msg.msgId);
  if (content) session.ack(msg.msgId);

  if (service) return handleServiceMessage(core, session, conn, msg.msgId, service);

  let request: AnyRequest;
  try {
    const r = new Reader(body, 0, body.length, fullTables.readers);
    r.budget = budget;
    r.inflated = msg.body !== body; // the body came out of a gzip_packed: no second level inside
    r.viewsFrom = QUERY_BYTES_VIEWS_FROM;
    request = r.object() as AnyRequest;
  } catch (err) {
    core.logger.debug('undecodable query', err);
    return answerUndecodable(core, session, msg.msgId, 'INPUT_METHOD_INVALID');
  }
  if (typeof request !== 'object' || request === null || typeof (request as { _?: unknown })._ !== 'string') {
    return answerUndecodable(core, session, msg.msgId, 'INPUT_METHOD_INVALID');
  }
  runRpc(core, session, msg.msgId, request)?.catch((err: unknown) => core.logger.error('rpc failed', err));
}
