/**
 * tgts MTProto layer: the client session of one DC — its connection (envelope, ids, seqno,
 * salts, replay checks), request engine (pending calls, containers, acks, deadlines,
 * exactly-once delivery) and connection setup (auth key, PFS, initConnection, reconnects) —
 * and the side-agnostic primitives the test server shares.
 * @packageDocumentation
 */
export { MessageIdGenerator, msgIdFromTime, msgIdToSeconds } from './message-id.js';
export type { MessageSide, ServerMessageKind, MessageIdGeneratorOptions } from './message-id.js';
export { SeqNoCounter, isContentRelated } from './seqno.js';
export { SeenMessageIds } from './seen-ids.js';
export { checkIncomingMsgId, MAX_MSG_AGE_SECONDS, MAX_MSG_FUTURE_SECONDS } from './incoming-check.js';
export type { IncomingMsgIdVerdict, IncomingMsgIdCheck } from './incoming-check.js';
export { encodeEncryptedPlaintext, decodeEncryptedPlaintext, PLAINTEXT_HEADER_SIZE, MAX_MESSAGE_BODY } from './plaintext.js';
export type { EncryptedPlaintext } from './plaintext.js';
export {
  packContainer,
  unpackContainer,
  isContainer,
  MSG_CONTAINER_ID,
  MAX_CONTAINER_MESSAGES,
  MAX_CONTAINER_BYTES,
  CONTAINER_ENTRY_OVERHEAD,
  CONTAINER_HEADER_SIZE,
} from './container.js';
export type { ContainerMessage, UnpackContainerOptions } from './container.js';
export { gzipPack, gzipUnpack, maybeGzipPack, isGzipPacked, inflateBudget, GZIP_PACKED_ID, GZIP_THRESHOLD, MAX_GUNZIP_BYTES } from './gzip.js';
export type { InflateBudget } from './gzip.js';
export { MtprotoError, BadMessageError, ConnectionFailedError, describeBadMsgCode } from './errors.js';
export type { MtprotoErrorKind } from './errors.js';
export { MtprotoSession } from './session.js';
export type { InvokeResult, MtprotoSessionOptions, MtprotoInvokeOptions, MtprotoKeyState } from './options.js';
export type { MtprotoSessionState } from './setup/connector.js';
export type { InitConnectionParams } from './setup/init-connection.js';
export type { PfsOptions } from './setup/pfs/index.js';
export { RESEND_WINDOW_SECONDS } from './engine/delivery.js';
export { MAX_IDS_PER_ACK } from './engine/acks.js';
export type { ReconnectPolicy } from './backoff.js';
export { reconnectDelay } from './backoff.js';
export type { MtprotoClock, MtprotoLogger } from './clock.js';
export { systemClock } from './clock.js';
