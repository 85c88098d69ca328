/**
 * Upload sources as one shape: bytes cut into equal parts (the last one shorter), read on demand so a
 * large file or stream is never held whole. Sources: `Uint8Array`, a file path (through the platform's
 * files), a `Blob`, a web `ReadableStream`, or any async iterable of byte chunks (a Node `Readable`).
 * @module
 */
import { BadArgumentError } from '../../errors.js';
import { platform } from '../../platform/current.js';

/** What `upload` accepts. A string is a file path. */
export type UploadSource = Uint8Array | string | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** A source opened for reading parts. */
export interface OpenedSource {
  /** Size in bytes, when known before reading. */
  readonly size: number | undefined;
  /** A file name the source suggests (the path's base name, a `File`'s name). */
  readonly name: string | undefined;
  /** The next part (exactly `partSize` bytes, fewer only at the end), or undefined at the end. Sequential. */
  next(): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

function isBlob(v: unknown): v is Blob {
  return typeof Blob !== 'undefined' && v instanceof Blob;
}

function isReadableStream(v: unknown): v is ReadableStream<Uint8Array> {
  return typeof v === 'object' && v !== null && typeof (v as ReadableStream).getReader === 'function';
}

function isAsyncIterable(v: unknown): v is AsyncIterable<Uint8Array> {
  return typeof v === 'object' && v !== null && typeof (v as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function';
}

/** Parts of a source that can read any byte range (bytes, files, blobs). */
function ranged(size: number, name: string | undefined, partSize: number, read: (offset: number, length: number) => Promise<Uint8Array>, close: () => Promise<void>): OpenedSource {
  let offset = 0;
  return {
    size,
    name,
    next: async () => {
      if (offset >= size) return undefined;
      const length = Math.min(partSize, size - offset);
      const part = await read(offset, length);
      if (part.length !== length) throw new BadArgumentError('source', `the file changed while it was read (${part.length} bytes at offset ${offset}, expected ${length})`);
      offset += length;
      return part;
    },
    close,
  };
}

/** Cuts arbitrary chunks of a stream into parts (copies: a stream may reuse its buffers). */
function rechunked(chunks: AsyncIterator<Uint8Array>, partSize: number, close: () => Promise<void>): OpenedSource {
  let pending: Uint8Array | undefined;
  let pendingAt = 0;
  let ended = false;
  return {
    size: undefined,
    name: undefined,
    next: async () => {
      const part = new Uint8Array(partSize);
      let filled = 0;
      while (filled < partSize) {
        if (!pending || pendingAt >= pending.length) {
          if (ended) break;
          const r = await chunks.next();
          if (r.done) {
            ended = true;
            break;
          }
          if (!(r.value instanceof Uint8Array)) throw new BadArgumentError('source', 'a stream must yield Uint8Array chunks');
          pending = r.value;
          pendingAt = 0;
          continue;
        }
        const n = Math.min(partSize - filled, pending.length - pendingAt);
        part.set(pending.subarray(pendingAt, pendingAt + n), filled);
        filled += n;
        pendingAt += n;
      }
      return filled === 0 ? undefined : filled === partSize ? part : part.subarray(0, filled);
    },
    close,
  };
}

/** Opens `source` for reading `partSize` parts. */
export async function openSource(source: UploadSource, partSize: number): Promise<OpenedSource> {
  if (source instanceof Uint8Array) {
    return ranged(source.length, undefined, partSize, async (o, n) => source.subarray(o, o + n), async () => undefined);
  }
  if (typeof source === 'string') {
    const files = platform().files;
    if (!files) throw new BadArgumentError('source', 'this platform has no file system: pass bytes, a Blob or a stream');
    const file = await files.openRead(source);
    return ranged(file.size, baseName(source), partSize, (o, n) => file.read(o, n), () => file.close());
  }
  if (isBlob(source)) {
    const name = typeof File !== 'undefined' && source instanceof File ? source.name : undefined;
    return ranged(source.size, name, partSize, async (o, n) => new Uint8Array(await source.slice(o, o + n).arrayBuffer()), async () => undefined);
  }
  if (isReadableStream(source)) {
    const reader = source.getReader();
    const iterator: AsyncIterator<Uint8Array> = {
      next: async () => {
        const r = await reader.read();
        return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
      },
    };
    return rechunked(iterator, partSize, async () => {
      await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    });
  }
  if (isAsyncIterable(source)) {
    const iterator = source[Symbol.asyncIterator]();
    return rechunked(iterator, partSize, async () => {
      await iterator.return?.();
    });
  }
  throw new BadArgumentError('source', 'expected a Uint8Array, a file path, a Blob, a ReadableStream or an async iterable of Uint8Array');
}
