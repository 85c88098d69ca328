/**
 * What the master DCs' files handlers need from the cluster's CDN DCs (`testing/cdn/` implements it and
 * sets `world.files.cdn` when a CDN DC starts). Without one, nothing is ever redirected.
 * @module
 */
import type { CdnPublicKey, DcOption, FileHash, UploadFile } from '../../../tl/index.js';
import type { BlobRecord } from './types.js';

/** The CDN DCs of a cluster, as the master DCs see them. */
export interface CdnHooks {
  /** `dcOption`s with the `cdn` flag, for `help.getConfig`. */
  dcOptions(): DcOption[];
  /** `help.getCdnConfig` keys. */
  publicKeys(): CdnPublicKey[];
  /** `upload.fileCdnRedirect` for a getFile of `blob` at `offset` (spec §6.2). */
  redirect(blob: BlobRecord, offset: number, now: number): UploadFile;
  /** `upload.getCdnFileHashes` (spec §6.6); throws `FILE_TOKEN_INVALID`. */
  hashes(fileToken: Uint8Array, offset: number, now: number): FileHash[];
  /** `upload.reuploadCdnFile` (spec §6.7); throws `FILE_TOKEN_INVALID` / `REQUEST_TOKEN_INVALID`. */
  reupload(fileToken: Uint8Array, requestToken: Uint8Array, now: number): FileHash[];
  /** A stored file was deleted: its tokens go. */
  forget(blobId: number): void;
}
