/**
 * Turning an `InputFile` into a stored file (spec §3.1–3.4): part count, missing parts, part sizes
 * of small uploads, the MD5 check, and reuse of parts consumed earlier.
 * @module
 */
import { createHash } from 'node:crypto';
import type { InputFile } from '../../../tl/index.js';
import { rpcFail } from '../errors.js';
import { failFiles } from './file-errors.js';
import type { FileStorage, PartLayout } from './storage.js';
import { isValidPartSize, uploadKey, type Uploads, type UploadState } from './uploads.js';

/** Who consumes the file. */
export interface ConsumeContext {
  userId: number;
  dcId: number;
  premium: boolean;
}

/** A file the parts became. */
export interface ConsumedFile {
  /** Set when the parts were consumed before (the same stored file is reused). */
  reusedBlobId?: number;
  /** Otherwise: the checked layout, ready for {@link FileStorage.commit}. */
  upload?: UploadState;
  layout?: PartLayout;
  md5?: string;
  /** The `name` of the InputFile. */
  name: string;
}

/** §3.2: the layout of a complete upload, or the error naming what is wrong. */
function checkLayout(upload: UploadState, parts: number): PartLayout {
  for (let i = 0; i < parts; i++) if (!upload.lengths.has(i)) rpcFail(400, `FILE_PART_${i}_MISSING`);
  const partSize = parts === 1 ? Math.max(upload.lengths.get(0)!, 1) : upload.lengths.get(0)!;
  let size = 0;
  for (let i = 0; i < parts; i++) {
    const len = upload.lengths.get(i)!;
    const last = i === parts - 1;
    if (!upload.big && ((!last && (len !== partSize || !isValidPartSize(len))) || (last && len > partSize))) failFiles('partLengthInvalid');
    size += len;
  }
  return { parts, partSize, size };
}

/** MD5 of the upload's parts, streamed part by part (spec §3.3). */
function md5Of(storage: FileStorage, upload: UploadState, parts: number): string {
  const hash = createHash('md5');
  for (let i = 0; i < parts; i++) hash.update(storage.readPart(upload.key, i, upload.lengths.get(i)!));
  return hash.digest('hex');
}

/** Checks `file` against the stored parts; the caller commits the result. */
export function checkInputFile(uploads: Uploads, storage: FileStorage, file: InputFile, ctx: ConsumeContext, partLimit: number): ConsumedFile {
  if (file._ === 'inputFileStoryDocument') return failFiles('inputFileInvalid');
  const big = file._ === 'inputFileBig';
  // §3.1
  if (file.parts < 1 || file.parts > partLimit) rpcFail(400, 'FILE_PARTS_INVALID');
  const upload = uploads.get(uploadKey(ctx.userId, ctx.dcId, file.id, big));
  if (!upload) return rpcFail(400, 'FILE_PART_0_MISSING');
  if (upload.consumed) {
    if (upload.consumed.parts !== file.parts) rpcFail(400, 'FILE_PARTS_INVALID');
    return { reusedBlobId: upload.consumed.blobId, name: file.name };
  }
  if (big && upload.totalParts !== undefined && upload.totalParts !== file.parts) rpcFail(400, 'FILE_PARTS_INVALID');
  const layout = checkLayout(upload, file.parts);
  let md5: string | undefined;
  if (!big && file.md5Checksum !== '') {
    md5 = md5Of(storage, upload, file.parts);
    if (md5 !== file.md5Checksum.toLowerCase()) rpcFail(400, 'MD5_CHECKSUM_INVALID');
  }
  return { upload, layout, name: file.name, ...(md5 !== undefined ? { md5 } : {}) };
}

/** Reads the first `n` bytes of a checked upload (for sniffing types and image headers before commit). */
export function uploadHead(storage: FileStorage, consumed: ConsumedFile, n: number): Uint8Array {
  const upload = consumed.upload!;
  const first = upload.lengths.get(0) ?? 0;
  return storage.readPart(upload.key, 0, Math.min(first, n));
}
