/**
 * One chunk of a file, from wherever it lives: `upload.getFile` on the file's DC (the client core follows
 * `FILE_MIGRATE_X` and carries the authorization over), a CDN DC after `upload.fileCdnRedirect`, or the
 * master again when the CDN token expires or a CDN chunk fails its hash. `FILE_REFERENCE_EXPIRED` is
 * answered once per chunk by refreshing the reference through the target's origin.
 * @module
 */
import { RpcError } from '../../errors.js';
import type { InputFileLocation, UploadFileCdnRedirect } from '../../tl/index.js';
import type { InvokeOptions, Invoker } from '../invoke/types.js';
import { CdnChunkCorrupt, CdnSource, CdnTokenInvalid } from './cdn.js';
import type { FileTarget } from './locations.js';
import { CDN_HASH_WINDOW, DOWNLOAD_BLOCK } from './rules.js';

const REFERENCE_ERRORS = new Set(['FILE_REFERENCE_EXPIRED', 'FILE_REFERENCE_INVALID']);

/** Counters of what a download went through (tests and diagnostics). */
export interface FetchStats {
  /** Chunks served by a CDN DC (verified). */
  cdnChunks: number;
  /** CDN chunks that failed their hash and were fetched from the master DC instead. */
  corruptChunks: number;
  /** File references refreshed through the origin. */
  refreshes: number;
}

export class ChunkFetcher {
  readonly stats: FetchStats;
  private location: InputFileLocation;
  private cdn: CdnSource | undefined;
  /** The CDN token failed: stay on the master DC. */
  private cdnOff = false;
  private refreshing: Promise<InputFileLocation> | undefined;

  constructor(
    private readonly invoke: Invoker,
    private readonly target: FileTarget,
    private readonly cdnSupported: boolean,
    stats?: FetchStats,
  ) {
    this.location = target.location;
    this.stats = stats ?? { cdnChunks: 0, corruptChunks: 0, refreshes: 0 };
  }

  /** Bytes of [offset, offset + limit) (fewer at the end of the file); `precise` only for the 1 KiB-aligned first chunk. */
  async fetch(offset: number, limit: number, precise: boolean, options: InvokeOptions): Promise<Uint8Array> {
    const cdn = this.cdn;
    if (cdn) {
      try {
        const bytes = await this.fromCdn(cdn, offset, limit, options);
        this.stats.cdnChunks++;
        return bytes;
      } catch (error) {
        if (error instanceof CdnChunkCorrupt) {
          this.stats.corruptChunks++;
          return this.fromMaster(offset, limit, precise, options, false);
        }
        if (!(error instanceof CdnTokenInvalid)) throw error;
        if (this.cdn === cdn) this.cdn = undefined;
        this.cdnOff = true;
      }
    }
    return this.fromMaster(offset, limit, precise, options, this.cdnSupported && !this.cdnOff);
  }

  /** getCdnFile takes window-aligned, non-precise ranges: a range that is not one is cut from the one that covers it. */
  private async fromCdn(cdn: CdnSource, offset: number, limit: number, options: InvokeOptions): Promise<Uint8Array> {
    const aligned = offset % CDN_HASH_WINDOW === 0 && limit % CDN_HASH_WINDOW === 0 && DOWNLOAD_BLOCK % limit === 0 && offset % limit === 0;
    if (aligned) return cdn.fetch(offset, limit, options);
    const inWindow = Math.floor(offset / CDN_HASH_WINDOW) === Math.floor((offset + limit - 1) / CDN_HASH_WINDOW);
    const span = inWindow ? CDN_HASH_WINDOW : DOWNLOAD_BLOCK;
    const base = Math.floor(offset / span) * span;
    const bytes = await cdn.fetch(base, span, options);
    return bytes.subarray(offset - base, offset - base + limit);
  }

  private async fromMaster(offset: number, limit: number, precise: boolean, options: InvokeOptions, cdnSupported: boolean): Promise<Uint8Array> {
    for (let refreshed = false; ; refreshed = true) {
      const location = this.location;
      let answer: { _: string; bytes?: Uint8Array };
      try {
        answer = (await this.invoke(
          {
            _: 'upload.getFile',
            location,
            offset: BigInt(offset),
            limit,
            ...(precise ? { precise: true } : {}),
            ...(cdnSupported ? { cdnSupported: true } : {}),
          },
          { ...options, dcId: this.target.dcId, pool: 'download' },
        )) as typeof answer;
      } catch (error) {
        if (refreshed || !(error instanceof RpcError) || !REFERENCE_ERRORS.has(error.type) || !this.target.refresh) throw error;
        await this.refresh(location, options);
        continue;
      }
      if (answer._ === 'upload.fileCdnRedirect') {
        this.cdn ??= new CdnSource(this.invoke, answer as UploadFileCdnRedirect, this.target.dcId);
        return this.fetch(offset, limit, precise, options); // now through the CDN (or back here once it fails)
      }
      return answer.bytes!;
    }
  }

  /** One refresh shared by every chunk that saw the stale reference. */
  private async refresh(stale: InputFileLocation, options: InvokeOptions): Promise<void> {
    if (this.location !== stale) return; // another chunk refreshed it already
    this.refreshing ??= this.target.refresh!(this.invoke, options).finally(() => (this.refreshing = undefined));
    const fresh = await this.refreshing;
    if (this.location === stale) {
      this.location = fresh;
      this.stats.refreshes++;
    }
  }
}
