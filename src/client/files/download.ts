/**
 * Downloads (https://core.telegram.org/api/files#downloading-files): fixed-size chunks at offsets that
 * are multiples of the chunk size (a 1 KiB-aligned `precise` first chunk when the start is not), fetched
 * ahead in parallel on the `download` pool and delivered in order, so memory stays at `parallel` chunks in
 * flight plus the one being delivered, whatever the file size. The first chunk goes alone: it settles migration, authorization and a CDN
 * redirect before the others follow.
 * @module
 */
import { BadArgumentError, FileTransferError, RpcError } from '../../errors.js';
import { platform } from '../../platform/current.js';
import type { Invoker } from '../invoke/types.js';
import { ChunkFetcher, type FetchStats } from './fetcher.js';
import { fileTarget, type Downloadable, type TargetOptions } from './locations.js';
import { checkChunkSize, checkParallel, DEFAULT_CHUNK_SIZE, DEFAULT_PARALLEL, KiB } from './rules.js';
import { TransferScope, type ProgressCallback } from './transfer.js';

/** Options of the download functions. */
export interface DownloadOptions extends TargetOptions {
  /** First byte to fetch (default 0). */
  offset?: number;
  /** Bytes to fetch from `offset` (default: to the end of the file). */
  limit?: number;
  /** Chunk size: a multiple of 4 KiB dividing 1 MiB (default 1 MiB). */
  chunkSize?: number;
  /** Chunks in flight at once (default 8; 1 when the file's size is unknown). */
  parallel?: number;
  /** Follow CDN redirects (default true). */
  cdn?: boolean;
  /** Bytes delivered so far and the total when known; at least once per chunk. */
  onProgress?: ProgressCallback;
  /** Stops every chunk at once; the download rejects (or the stream throws) `CancelledError`. */
  signal?: AbortSignal;
  /** Filled with what the download went through (CDN chunks, corrupt chunks refetched, reference refreshes). */
  stats?: FetchStats;
}

interface Chunk {
  offset: number;
  limit: number;
  precise: boolean;
  /** Bytes of the answer before the wanted range, and how many of it are wanted. */
  skip: number;
  take: number;
}

/** The chunk requests covering [start, end) (`end` Infinity: until the file ends). */
export function* planChunks(start: number, end: number, chunkSize: number): Generator<Chunk> {
  let at = start;
  if (at % chunkSize !== 0 && at < end) {
    const offset = at - (at % KiB);
    const next = (Math.floor(at / chunkSize) + 1) * chunkSize;
    yield { offset, limit: next - offset, precise: true, skip: at - offset, take: Math.min(next, end) - at };
    at = next;
  }
  for (; at < end; at += chunkSize) yield { offset: at, limit: chunkSize, precise: false, skip: 0, take: Math.min(chunkSize, end - at) };
}

function checkRangeValue(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new BadArgumentError(field, `must be a non-negative integer, got ${value}`);
  return value;
}

interface Fetched {
  part: Uint8Array;
  /** The answer was shorter than asked: the file ended. */
  eof: boolean;
}

const noop = (): void => undefined;

/**
 * The file as an async iterable of chunks in order. Breaking out of the loop (or an error) stops every
 * chunk still in flight before the iteration ends.
 */
export function downloadStream(invoke: Invoker, input: Downloadable, options: DownloadOptions = {}): AsyncGenerator<Uint8Array, void, undefined> {
  return streamRange(invoke, input, options, {});
}

/** {@link downloadStream}, telling `known.total` the range's length as soon as it is known. */
async function* streamRange(invoke: Invoker, input: Downloadable, options: DownloadOptions, known: { total?: number }): AsyncGenerator<Uint8Array, void, undefined> {
  const target = fileTarget(input, options);
  const chunkSize = checkChunkSize(options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const start = checkRangeValue(options.offset ?? 0, 'offset');
  const size = target.size;
  let end = options.limit === undefined ? Infinity : start + checkRangeValue(options.limit, 'limit');
  if (size !== undefined) {
    if (start > size) throw new BadArgumentError('offset', `${start} is past the end of the file (${size} bytes)`);
    end = Math.min(end, size);
  }
  const total = end === Infinity ? undefined : end - start;
  known.total = total;
  const parallel = size === undefined ? 1 : checkParallel(options.parallel ?? DEFAULT_PARALLEL);
  const scope = new TransferScope(options.signal);
  const fetcher = new ChunkFetcher(invoke, target, options.cdn !== false, options.stats);
  const plan = planChunks(start, end, chunkSize);
  const inflight: Array<Promise<Fetched>> = [];
  let fetchedAny = false;

  const fetchOne = async (c: Chunk): Promise<Fetched> => {
    let bytes: Uint8Array;
    try {
      bytes = await fetcher.fetch(c.offset, c.limit, c.precise, { signal: scope.signal });
    } catch (error) {
      // size unknown and the file ended on a chunk boundary: the next offset is past the end
      if (size === undefined && fetchedAny && error instanceof RpcError && error.type === 'OFFSET_INVALID') return { part: new Uint8Array(0), eof: true };
      throw error;
    }
    fetchedAny = true;
    const part = bytes.subarray(c.skip, c.skip + c.take);
    if (size !== undefined && part.length < c.take) throw new FileTransferError(`the file ended at ${c.offset + bytes.length}, before its size (${size})`);
    return { part, eof: bytes.length < c.limit };
  };
  const launch = (): boolean => {
    const c = plan.next();
    if (c.done) return false;
    const p = fetchOne(c.value);
    p.catch(noop); // awaited in order below; a later chunk may fail first
    inflight.push(p);
    return true;
  };

  try {
    scope.check();
    let done = 0;
    launch(); // alone: migration, authorization and a CDN redirect settle once
    while (inflight.length > 0) {
      let r: Fetched;
      try {
        r = await inflight[0]!;
      } catch (error) {
        throw scope.outcome(error);
      }
      inflight.shift();
      if (r.eof && size === undefined) plan.return(undefined);
      else while (inflight.length < parallel && launch());
      if (r.part.length > 0) {
        done += r.part.length;
        options.onProgress?.(done, total);
        yield r.part;
        scope.check();
      }
    }
    if (total === undefined) options.onProgress?.(done, done);
  } finally {
    scope.abort();
    await Promise.allSettled(inflight);
    scope.dispose();
  }
}

/** The whole file (or the range) in memory. */
export async function downloadFile(invoke: Invoker, input: Downloadable, options: DownloadOptions = {}): Promise<Uint8Array> {
  const known: { total?: number } = {};
  let out: Uint8Array | undefined;
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of streamRange(invoke, input, options, known)) {
    if (known.total !== undefined) {
      // length known: each chunk goes into the result while it is still in cache, and is freed at once
      out ??= new Uint8Array(known.total);
      if (length + part.length > out.length) throw new FileTransferError(`the download yielded more than the ${known.total} bytes asked for`);
      out.set(part, length);
    } else parts.push(part);
    length += part.length;
  }
  if (out) return length === out.length ? out : out.subarray(0, length);
  if (parts.length === 1) return parts[0]!;
  const whole = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    whole.set(p, at);
    at += p.length;
  }
  return whole;
}

/** Writes the file (or the range) to `path`; a failed or cancelled download removes the partial file. Returns the bytes written. */
export async function downloadToFile(invoke: Invoker, input: Downloadable, path: string, options: DownloadOptions = {}): Promise<number> {
  const files = platform().files;
  if (!files) throw new BadArgumentError('path', 'this platform has no file system: use downloadFile or downloadStream');
  const file = await files.openWrite(path);
  let written = 0;
  try {
    for await (const part of downloadStream(invoke, input, options)) {
      await file.write(part);
      written += part.length;
    }
  } catch (error) {
    await file.discard().catch(noop);
    throw error;
  }
  await file.close();
  return written;
}
