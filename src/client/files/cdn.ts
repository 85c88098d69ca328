/**
 * Downloads through a CDN DC (https://core.telegram.org/cdn): `upload.getCdnFile` on the CDN's own
 * connection, AES-256-CTR decryption with the IV's last 4 bytes set to `offset / 16`, and every 128 KiB
 * window checked against the SHA-256 hashes of `file_hashes` / `upload.getCdnFileHashes` before it is
 * used. `cdnFileReuploadNeeded` is answered with `upload.reuploadCdnFile` on the master DC.
 * @module
 */
import { createAesCtr, sha256, timingSafeEqual } from '../../crypto/index.js';
import { FileTransferError, RpcError } from '../../errors.js';
import type { FileHash, UploadFileCdnRedirect } from '../../tl/index.js';
import type { InvokeOptions, Invoker } from '../invoke/types.js';

/** The CDN said the file token is no longer valid: the download resumes on the master DC. */
export class CdnTokenInvalid extends FileTransferError {
  override name = 'CdnTokenInvalid';
}

/** A chunk failed its hash check: it must be fetched again from the master DC, never used. */
export class CdnChunkCorrupt extends FileTransferError {
  override name = 'CdnChunkCorrupt';
}

const MAX_REUPLOADS = 3;

/** The IV of the chunk at `offset`: bytes 12..15 replaced by big-endian `offset / 16`. */
export function cdnIv(iv: Uint8Array, offset: number): Uint8Array {
  const out = new Uint8Array(iv);
  new DataView(out.buffer).setUint32(12, Math.floor(offset / 16) >>> 0, false);
  return out;
}

/** One redirected file: its token, key and the hashes learnt so far. */
export class CdnSource {
  private readonly hashes = new Map<number, FileHash>();

  constructor(
    private readonly invoke: Invoker,
    readonly redirect: UploadFileCdnRedirect,
    /** The DC that redirected (reupload and hashes go there). */
    private readonly masterDcId: number | undefined,
  ) {
    this.learn(redirect.fileHashes);
  }

  private learn(hashes: FileHash[]): void {
    for (const h of hashes) this.hashes.set(Number(h.offset), h);
  }

  /**
   * Decrypted, verified bytes of [offset, offset + limit) (fewer at the end of the file). `offset` is a
   * multiple of the hash window so every window can be checked whole.
   */
  async fetch(offset: number, limit: number, options: InvokeOptions): Promise<Uint8Array> {
    const r = this.redirect;
    for (let reuploads = 0; ; reuploads++) {
      let answer: { _: string; bytes?: Uint8Array; requestToken?: Uint8Array };
      try {
        answer = (await this.invoke({ _: 'upload.getCdnFile', fileToken: r.fileToken, offset: BigInt(offset), limit }, { ...options, dcId: r.dcId, pool: 'cdn' })) as typeof answer;
      } catch (error) {
        if (error instanceof RpcError && error.type === 'FILE_TOKEN_INVALID') throw new CdnTokenInvalid('the CDN file token expired', { cause: error });
        throw error;
      }
      if (answer._ === 'upload.cdnFileReuploadNeeded') {
        if (reuploads >= MAX_REUPLOADS) throw new FileTransferError(`the CDN still needs a reupload after ${MAX_REUPLOADS} attempts`);
        await this.reupload(answer.requestToken!, options);
        continue;
      }
      const bytes = createAesCtr(r.encryptionKey, cdnIv(r.encryptionIv, offset)).update(answer.bytes!);
      await this.verify(offset, bytes, options);
      return bytes;
    }
  }

  private async reupload(requestToken: Uint8Array, options: InvokeOptions): Promise<void> {
    try {
      const hashes = (await this.invoke({ _: 'upload.reuploadCdnFile', fileToken: this.redirect.fileToken, requestToken }, this.masterOptions(options))) as FileHash[];
      this.learn(hashes);
    } catch (error) {
      if (error instanceof RpcError && (error.type === 'FILE_TOKEN_INVALID' || error.type === 'REQUEST_TOKEN_INVALID')) {
        throw new CdnTokenInvalid('the master refused the CDN reupload', { cause: error });
      }
      throw error;
    }
  }

  private masterOptions(options: InvokeOptions): InvokeOptions {
    return { ...options, dcId: this.masterDcId, pool: 'download' };
  }

  private async hashAt(windowStart: number, options: InvokeOptions): Promise<FileHash> {
    let h = this.hashes.get(windowStart);
    if (h) return h;
    let answer: FileHash[];
    try {
      answer = (await this.invoke({ _: 'upload.getCdnFileHashes', fileToken: this.redirect.fileToken, offset: BigInt(windowStart) }, this.masterOptions(options))) as FileHash[];
    } catch (error) {
      if (error instanceof RpcError && error.type === 'FILE_TOKEN_INVALID') throw new CdnTokenInvalid('the CDN file token expired', { cause: error });
      throw error;
    }
    this.learn(answer);
    h = this.hashes.get(windowStart);
    if (!h) throw new FileTransferError(`the master DC has no CDN hash for offset ${windowStart}`);
    return h;
  }

  /** Checks every window of `bytes` (at `offset`) against its hash; a mismatch throws {@link CdnChunkCorrupt}. */
  private async verify(offset: number, bytes: Uint8Array, options: InvokeOptions): Promise<void> {
    for (let at = 0; at < bytes.length; ) {
      const h = await this.hashAt(offset + at, options);
      if (h.limit <= 0) throw new FileTransferError(`the CDN hash at offset ${offset + at} covers no bytes`);
      if (!timingSafeEqual(sha256(bytes.subarray(at, at + h.limit)), h.hash)) {
        throw new CdnChunkCorrupt(`CDN chunk at offset ${offset + at} failed its SHA-256 check`);
      }
      at += h.limit;
    }
  }
}
