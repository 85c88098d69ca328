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

/** Serialises `result` of `method` (gzip_packed when large and compressible). */
export function encodeResult(method: string, result: unknown): Uint8Array {
  // one scratch Writer for every result (finish() copies the bytes out); nothing here re-enters
  const w = scratch;
  w.reset();
  try {
    writeValue(w, result, method, `${method}#result`);
    return FILE_CONTENT_METHODS.has(method) ? w.finish() : maybeGzipPack(w.finish(), RESULT_GZIP_THRESHOLD, RESULT_GZIP_LEVEL);
  } finally {
    // do not keep a huge buffer alive after one huge result; file chunks (up to 1 MiB) come in
    // streams, and growing the scratch from 4 KiB again for each one cost a copy per doubling
    if (w.buf.length > (FILE_CONTENT_METHODS.has(method) ? FILE_SCRATCH_KEEP_BYTES : SCRATCH_KEEP_BYTES)) scratch = new Writer(SCRATCH_BYTES, fullTables.write);
  }
}
