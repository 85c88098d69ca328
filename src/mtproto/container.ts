/**
 * `msg_container#73f1f8dc messages:vector<%message>` — several messages in one packet
 * (https://core.telegram.org/mtproto/service_messages#simple-container). The vector is bare:
 * constructor, count, then `msg_id:long seqno:int bytes:int body` for each message.
 * Containers never nest.
 * @module
 */
import { readLong, u32At, viewOf, writeLong } from './bytes.js';
import { MtprotoError } from './errors.js';

/** Constructor id of msg_container. */
export const MSG_CONTAINER_ID = 0x73f1f8dc;
/** Most messages we put in (or accept from) one container. */
export const MAX_CONTAINER_MESSAGES = 1020;
/** Most bytes of a serialised container (1 MiB minus a safety margin for the envelope and padding). */
export const MAX_CONTAINER_BYTES = 1024 * 1024 - 4096;
/** Bytes a message adds to a container besides its body. */
export const CONTAINER_ENTRY_OVERHEAD = 16;
/** Bytes of the container header (constructor + count). */
export const CONTAINER_HEADER_SIZE = 8;

/** One message inside a container. */
export interface ContainerMessage {
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
}

/** True when `body` starts with the msg_container constructor. */
export function isContainer(body: Uint8Array): boolean {
  return body.length >= 4 && u32At(body, 0) === MSG_CONTAINER_ID;
}

/** Size of the serialised container of `messages`, after checking every limit and body. */
export function containerSize(messages: readonly ContainerMessage[]): number {
  if (messages.length === 0) throw new MtprotoError('bad-container', 'messages', 'a container needs at least one message');
  if (messages.length > MAX_CONTAINER_MESSAGES) {
    throw new MtprotoError('too-large', 'messages', `${messages.length} messages exceed ${MAX_CONTAINER_MESSAGES}`);
  }
  let size = CONTAINER_HEADER_SIZE;
  for (const [i, m] of messages.entries()) {
    if (m.body.length % 4 !== 0 || m.body.length < 4) {
      throw new MtprotoError('bad-container', `messages[${i}].body`, `length ${m.body.length} is not a positive multiple of 4`);
    }
    if (isContainer(m.body)) throw new MtprotoError('bad-container', `messages[${i}].body`, 'containers cannot be nested');
    size += CONTAINER_ENTRY_OVERHEAD + m.body.length;
  }
  if (size > MAX_CONTAINER_BYTES) throw new MtprotoError('too-large', 'messages', `${size} bytes exceed ${MAX_CONTAINER_BYTES}`);
  return size;
}

/** Writes the container of `messages` (checked by {@link containerSize}) into `out` at `at`. */
export function writeContainer(out: Uint8Array, at: number, messages: readonly ContainerMessage[]): void {
  const view = viewOf(out);
  view.setUint32(at, MSG_CONTAINER_ID, true);
  view.setInt32(at + 4, messages.length, true);
  let pos = at + CONTAINER_HEADER_SIZE;
  for (const m of messages) {
    writeLong(view, pos, m.msgId);
    view.setInt32(pos + 8, m.seqNo, true);
    view.setInt32(pos + 12, m.body.length, true);
    out.set(m.body, pos + 16);
    pos += CONTAINER_ENTRY_OVERHEAD + m.body.length;
  }
}

/** Serialises a container. Throws {@link MtprotoError} when a limit is exceeded or a body is malformed. */
export function packContainer(messages: readonly ContainerMessage[]): Uint8Array {
  const out = new Uint8Array(containerSize(messages));
  writeContainer(out, 0, messages);
  return out;
}

/** Options of {@link unpackContainer}. */
export interface UnpackContainerOptions {
  /** msg_id of the container itself: inner ids must then be lower than it (a server-side check). */
  containerMsgId?: bigint;
}

/**
 * Parses a container (constructor included). Validates the count, each length (multiple of 4,
 * inside the input), that no body is itself a container, that inner msg_ids are unique, and that
 * nothing trails the last message. Bodies are views into `body`.
 */
export function unpackContainer(body: Uint8Array, options: UnpackContainerOptions = {}): ContainerMessage[] {
  if (body.length < CONTAINER_HEADER_SIZE) throw new MtprotoError('bad-container', 'header', `needs 8 bytes, got ${body.length}`, 0);
  const view = viewOf(body);
  if (view.getUint32(0, true) !== MSG_CONTAINER_ID) {
    throw new MtprotoError('bad-container', 'constructor', `0x${view.getUint32(0, true).toString(16)} is not msg_container`, 0);
  }
  const count = view.getInt32(4, true);
  if (count < 0 || count > MAX_CONTAINER_MESSAGES) {
    throw new MtprotoError('bad-container', 'count', `${count} is outside 0..${MAX_CONTAINER_MESSAGES}`, 4);
  }
  const out: ContainerMessage[] = [];
  const ids = new Set<bigint>();
  let pos = CONTAINER_HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    if (pos + CONTAINER_ENTRY_OVERHEAD > body.length) {
      throw new MtprotoError('bad-container', `messages[${i}]`, 'truncated header', pos);
    }
    const msgId = readLong(view, pos);
    const seqNo = view.getInt32(pos + 8, true);
    const length = view.getInt32(pos + 12, true);
    if (length < 4 || length % 4 !== 0) {
      throw new MtprotoError('bad-container', `messages[${i}].bytes`, `invalid length ${length}`, pos + 12);
    }
    const start = pos + CONTAINER_ENTRY_OVERHEAD;
    if (start + length > body.length) {
      throw new MtprotoError('bad-container', `messages[${i}].bytes`, `${length} bytes run past the end`, pos + 12);
    }
    const inner = body.subarray(start, start + length);
    if (isContainer(inner)) throw new MtprotoError('bad-container', `messages[${i}].body`, 'nested container', start);
    if (ids.has(msgId)) throw new MtprotoError('bad-container', `messages[${i}].msg_id`, `duplicate msg_id ${msgId}`, pos);
    if (options.containerMsgId !== undefined && msgId >= options.containerMsgId) {
      throw new MtprotoError('bad-container', `messages[${i}].msg_id`, `${msgId} is not below the container id`, pos);
    }
    ids.add(msgId);
    out.push({ msgId, seqNo, body: inner });
    pos = start + length;
  }
  if (pos !== body.length) throw new MtprotoError('bad-container', 'messages', `${body.length - pos} trailing bytes`, pos);
  return out;
}
