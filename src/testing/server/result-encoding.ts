/**
 * Serialises a handler's return value as the `result:Object` of rpc_result, in layer 228.
 * Results are boxed objects, `Bool` (a JS boolean) or `Vector<T>` (a JS array; numbers are
 * written as `int` unless the schema says the method returns `Vector<long>`).
 * @module
 */
import { maybeGzipPack } from '../../mtproto/index.js';
import { VECTOR_ID, Writer, findByName } from '../../tl/index.js';
import { fullTables } from '../../tl/full-codec.js';

const SCRATCH_BYTES = 4096;
const SCRATCH_KEEP_BYTES = 256 * 1024;
/**
 * Kept after a file chunk: what the largest `upload.file` answer (1 MiB and its header) grows the
 * scratch to, doubling from 4 KiB — 2 MiB; a smaller bound dropped it after every full chunk, and
 * each chunk regrew it (about 4 MiB allocated and copied per chunk).
 */
const FILE_SCRATCH_KEEP_BYTES = 2 * 1024 * 1024;
let scratch = new Writer(SCRATCH_BYTES, fullTables.write);

/** Results larger than this are sent gzip_packed when that shrinks them. */
export const RESULT_GZIP_THRESHOLD = 1024;
/**
 * zlib level of packed results: the fastest. Over loopback the bytes saved by the default level (6) are
 * worth less than its deflate time, which was about a tenth of a difference page's cost.
 */
export const RESULT_GZIP_LEVEL = 1;

/** File contents are never worth compressing (and trying costs more than sending). */
const FILE_CONTENT_METHODS = new Set(['upload.getFile', 'upload.getCdnFile', 'upload.getWebFile']);

/** Whether numbers in the result vector of `method` are `long`s (from the schema registry). */
function isLongVector(method: string): boolean {
  return findByName(method)?.type === 'Vector<long>';
}

function writeValue(w: Writer, value: unknown, method: string, path: string): void {
  if (typeof value === 'boolean') {
    w.bool(value);
  } else if (Array.isArray(value)) {
    w.uint(VECTOR_ID);
    w.int(value.length);
    value.forEach((item, i) => writeItem(w, item, method, `${path}[${i}]`));
  } else if (typeof value === 'object' && value !== null && typeof (value as { _?: unknown })._ === 'string') {
    w.object(value as Parameters<Writer['object']>[0]);
  } else {
    throw new TypeError(`${path}: cannot serialise ${value === null ? 'null' : typeof value} as a TL result`);
  }
}

function writeItem(w: Writer, item: unknown, method: string, path: string): void {
  if (typeof item === 'bigint') w.long(item);
  else if (typeof item === 'number') {
    if (isLongVector(method)) w.long(BigInt(item));
    else w.int(item);
  } else writeValue(w, item, method, path);
}

/** @internal Bytes of the shared scratch buffer (tests: what is kept between results). */
export function resultScratchBytes(): number {
  return scratch.buf.length;
}

/** Bytes an rpc_result header takes (constructor id, req_msg_id). */
export const RPC_RESULT_HEADER_BYTES = 12;

/** File chunks encoded with room for the rpc_result header in front, in the same buffer. */
const withHeaderRoom = new WeakSet<Uint8Array>();

/**
 * The result and the {@link RPC_RESULT_HEADER_BYTES} free bytes before it, as one view, when
 * {@link encodeResult} left that room (file chunks: the rpc_result wrap then copies nothing).
 */
export function withRoomForHeader(result: Uint8Array): Uint8Array | undefined {
  if (!withHeaderRoom.has(result)) return undefined;
  return new Uint8Array(result.buffer, result.byteOffset - RPC_RESULT_HEADER_BYTES, RPC_RESULT_HEADER_BYTES + result.length);
}

/** Serialises `result` of `method` (gzip_packed when large and compressible). */
export function encodeResult(method: string, result: unknown): Uint8Array {
  // one scratch Writer for every result (finish() copies the bytes out); nothing here re-enters
  const w = scratch;
  w.reset();
  const file = FILE_CONTENT_METHODS.has(method);
  try {
    if (!file) {
      writeValue(w, result, method, `${method}#result`);
      return maybeGzipPack(w.finish(), RESULT_GZIP_THRESHOLD, RESULT_GZIP_LEVEL);
    }
    // room for the rpc_result header: the 1 MiB chunk is copied out of the scratch once
    w.ensure(RPC_RESULT_HEADER_BYTES);
    w.pos = RPC_RESULT_HEADER_BYTES;
    writeValue(w, result, method, `${method}#result`);
    const bytes = w.finish().subarray(RPC_RESULT_HEADER_BYTES);
    withHeaderRoom.add(bytes);
    return bytes;
  } finally {
    // do not keep a huge buffer alive after one huge result; file chunks (up to 1 MiB) come in
    // streams, and growing the scratch from 4 KiB again for each one cost a copy per doubling
    if (w.buf.length > (FILE_CONTENT_METHODS.has(method) ? FILE_SCRATCH_KEEP_BYTES : SCRATCH_KEEP_BYTES)) scratch = new Writer(SCRATCH_BYTES, fullTables.write);
  }
}
