/**
 * Uploads (https://core.telegram.org/api/files#uploading-files): a source cut into equal parts sent in
 * parallel on the `upload` pool; up to 10 MiB as `upload.saveFilePart` + `inputFile` with its MD5,
 * above as `upload.saveBigFilePart` + `inputFileBig`. A stream of unknown size is read ahead up to the
 * threshold to choose; past it, parts carry `file_total_parts = -1` until the last one.
 * @module
 */
import { BadArgumentError, FileTransferError } from '../../errors.js';
import { md5, randomBytes } from '../../crypto/index.js';
import { toHex } from '../../encoding.js';
import type { InputFile } from '../../tl/index.js';
import type { Invoker } from '../invoke/types.js';
import { BIG_FILE_THRESHOLD, checkParallel, checkPartSize, DEFAULT_PARALLEL, DEFAULT_PART_SIZE, PART_LIMIT_DEFAULT, PART_LIMIT_PREMIUM } from './rules.js';
import { openSource, type OpenedSource, type UploadSource } from './source.js';
import { runWorkers, TransferScope, type ProgressCallback } from './transfer.js';

/** Options of {@link uploadFile}. */
export interface UploadOptions {
  /** File name Telegram keeps (default: the path's base name, a `File`'s name, or `file`). */
  name?: string;
  /** Part size: a multiple of 1 KiB dividing 512 KiB (default 512 KiB). */
  partSize?: number;
  /** Parts in flight at once (default 8). */
  parallel?: number;
  /** The account is premium: 8000 parts (4 GB) instead of 4000 (2 GB). */
  premium?: boolean;
  /** Bytes sent so far and the total (undefined for a stream until it ends); at least once per part. */
  onProgress?: ProgressCallback;
  /** Stops every part at once; the upload rejects with `CancelledError`. */
  signal?: AbortSignal;
  /** Send the MD5 of small files (default true). */
  md5?: boolean;
}

interface Part {
  index: number;
  bytes: Uint8Array;
  /** `file_total_parts` of a big upload (-1 while a stream's end is not known). */
  total: number;
}

function newFileId(): bigint {
  const b = randomBytes(8);
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return BigInt.asIntN(64, v);
}

/**
 * Uploads `source` and returns the `InputFile` to use in `messages.sendMedia` (or any InputFile
 * consumer). Rejects with `BadArgumentError` (empty source, bad options), `FileTransferError` (too many
 * parts), `CancelledError` (the signal) or the `RpcError` Telegram answered; no part is in flight then.
 */
export async function uploadFile(invoke: Invoker, source: UploadSource, options: UploadOptions = {}): Promise<InputFile> {
  const partSize = checkPartSize(options.partSize ?? DEFAULT_PART_SIZE);
  const parallel = checkParallel(options.parallel ?? DEFAULT_PARALLEL);
  const limit = options.premium ? PART_LIMIT_PREMIUM : PART_LIMIT_DEFAULT;
  const scope = new TransferScope(options.signal);
  scope.check();
  const opened = await openSource(source, partSize);
  try {
    return await sendParts(invoke, opened, { ...options, partSize, parallel, limit }, scope);
  } finally {
    scope.dispose();
    await opened.close().catch(() => undefined);
  }
}

async function sendParts(
  invoke: Invoker,
  src: OpenedSource,
  o: UploadOptions & { partSize: number; parallel: number; limit: number },
  scope: TransferScope,
): Promise<InputFile> {
  const name = o.name ?? src.name ?? 'file';
  // a stream of unknown size: read ahead up to the threshold to know whether it is a small file
  const ahead: Uint8Array[] = [];
  let size = src.size;
  if (size === undefined) {
    let read = 0;
    while (read <= BIG_FILE_THRESHOLD) {
      const part = await src.next();
      if (!part) break;
      ahead.push(part);
      read += part.length;
    }
    if (read <= BIG_FILE_THRESHOLD) size = read;
  }
  if (size === 0) throw new BadArgumentError('source', 'the file is empty (Telegram stores no empty files)');
  const big = size === undefined || size > BIG_FILE_THRESHOLD;
  const knownParts = size === undefined ? undefined : Math.ceil(size / o.partSize);
  if (knownParts !== undefined && knownParts > o.limit) {
    throw new FileTransferError(`the file needs ${knownParts} parts of ${o.partSize} bytes; Telegram takes at most ${o.limit} (${o.premium ? '' : 'premium: 8000, '}larger parts: partSize up to 512 KiB)`);
  }
  const fileId = newFileId();
  const keep = !big && o.md5 !== false ? ([] as Uint8Array[]) : undefined;

  // parts are handed out in order; one part of look-ahead tells a stream's last part
  let index = 0;
  let lookahead: Uint8Array | undefined;
  let started = false;
  let reading: Promise<unknown> = Promise.resolve();
  const readRaw = async (): Promise<Uint8Array | undefined> => (ahead.length > 0 ? ahead.shift() : src.next());
  const nextPart = (): Promise<Part | undefined> => {
    const p = reading.then(async (): Promise<Part | undefined> => {
      scope.check();
      if (!started) {
        started = true;
        lookahead = await readRaw();
      }
      const bytes = lookahead;
      if (!bytes) return undefined;
      lookahead = await readRaw();
      const i = index++;
      if (i >= o.limit) throw new FileTransferError(`the stream needs more than ${o.limit} parts of ${o.partSize} bytes (Telegram's limit)`);
      if (keep) keep[i] = bytes;
      const total = knownParts ?? (lookahead ? -1 : i + 1);
      return { index: i, bytes, total };
    });
    reading = p.catch(() => undefined);
    return p;
  };

  let done = 0;
  const options = { pool: 'upload' as const, signal: scope.signal };
  await runWorkers(Math.min(o.parallel, knownParts ?? o.parallel), scope, async () => {
    for (let part = await nextPart(); part; part = await nextPart()) {
      const request = big
        ? { _: 'upload.saveBigFilePart' as const, fileId, filePart: part.index, fileTotalParts: part.total, bytes: part.bytes }
        : { _: 'upload.saveFilePart' as const, fileId, filePart: part.index, bytes: part.bytes };
      const ok = await invoke(request, options);
      if (ok !== true) throw new FileTransferError(`part ${part.index} of the upload was refused`);
      done += part.bytes.length;
      o.onProgress?.(done, size);
    }
  });
  const parts = index;
  if (size === undefined) o.onProgress?.(done, done); // the stream's total is known now
  if (big) return { _: 'inputFileBig', id: fileId, parts, name };
  return { _: 'inputFile', id: fileId, parts, name, md5Checksum: keep ? toHex(md5(...keep)) : '' };
}
