/**
 * Telegram's numeric file rules the client obeys (docs: https://core.telegram.org/api/files,
 * https://core.telegram.org/cdn) and the defaults tgts chooses where Telegram leaves a choice.
 * @module
 */
import { BadArgumentError } from '../../errors.js';

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** Files above this size go up as `upload.saveBigFilePart` + `inputFileBig`. */
export const BIG_FILE_THRESHOLD = 10 * MiB;
/** The largest part Telegram accepts (parts are 1 KiB multiples dividing it). */
export const MAX_PART_SIZE = 512 * KiB;
/** Parts per file: `upload_max_fileparts_default` / `_premium` of the app config. */
export const PART_LIMIT_DEFAULT = 4000;
export const PART_LIMIT_PREMIUM = 8000;
/** `upload.getFile` never crosses a 1 MiB block; a non-precise limit divides 1 MiB and is a 4 KiB multiple. */
export const DOWNLOAD_BLOCK = MiB;
/** The window one CDN file hash covers. */
export const CDN_HASH_WINDOW = 128 * KiB;

/**
 * [I] Defaults: 512 KiB parts and 1 MiB chunks (fewest calls: each costs one AES-IGE pass and a round trip),
 * 8 transfers in flight (two per connection of the default 4-connection upload and download pools).
 */
export const DEFAULT_PART_SIZE = MAX_PART_SIZE;
export const DEFAULT_CHUNK_SIZE = MiB;
export const DEFAULT_PARALLEL = 8;

/** Checks an upload part size: a multiple of 1 KiB dividing 512 KiB. */
export function checkPartSize(partSize: number, field = 'partSize'): number {
  if (!Number.isInteger(partSize) || partSize < KiB || partSize % KiB !== 0 || MAX_PART_SIZE % partSize !== 0) {
    throw new BadArgumentError(field, `must be a multiple of 1 KiB dividing 512 KiB (1, 2, 4, … 512 KiB), got ${partSize}`);
  }
  return partSize;
}

/** Checks a download chunk size: a multiple of 4 KiB dividing 1 MiB. */
export function checkChunkSize(chunkSize: number, field = 'chunkSize'): number {
  if (!Number.isInteger(chunkSize) || chunkSize < 4 * KiB || chunkSize % (4 * KiB) !== 0 || DOWNLOAD_BLOCK % chunkSize !== 0) {
    throw new BadArgumentError(field, `must be a multiple of 4 KiB dividing 1 MiB (4, 8, … 1024 KiB), got ${chunkSize}`);
  }
  return chunkSize;
}

/** Checks a transfer concurrency. */
export function checkParallel(parallel: number, field = 'parallel'): number {
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64) throw new BadArgumentError(field, `must be an integer in 1..64, got ${parallel}`);
  return parallel;
}
