/**
 * Uploads in progress (spec §2): `upload.saveFilePart` / `upload.saveBigFilePart` rules, part
 * bookkeeping, the part TTL and the quota. Bytes go to the {@link FileStorage}; this module keeps
 * only lengths and counters, in memory (parts do not survive a restart).
 * @module
 */
import { rpcFail } from '../errors.js';
import type { FileSwitches } from './file-rules.js';
import type { FileStorage } from './storage.js';

/** Largest part (spec §1.1). */
export const MAX_PART_SIZE = 524288;

/** Spec §1.1: a multiple of 1 KiB dividing 512 KiB. */
export function isValidPartSize(size: number): boolean {
  return size > 0 && size % 1024 === 0 && MAX_PART_SIZE % size === 0;
}

/** One upload (one `file_id` of one user on one DC, small or big). */
export interface UploadState {
  key: string;
  big: boolean;
  /** Big uploads: `file_total_parts` once a part named it (not −1). */
  totalParts?: number;
  /** Big uploads: the size every non-last part has. */
  partSize?: number;
  /** Stored parts: index → length. */
  lengths: Map<number, number>;
  /** Bytes the parts take (quota). */
  bytes: number;
  /** World time of the last write or consumption (TTL). */
  touchedAt: number;
  /** Set once consumed: the stored file the parts became (reused by a second consumption). */
  consumed?: { blobId: number; parts: number };
}

/** What a part call says. */
export interface PartWrite {
  userId: number;
  dcId: number;
  fileId: bigint;
  part: number;
  bytes: Uint8Array;
  /** `file_total_parts` (big uploads only). */
  totalParts?: number;
  premium: boolean;
}

/** Key of an upload (spec §2.1 [I]: user, DC, file_id, small|big). */
export function uploadKey(userId: number, dcId: number, fileId: bigint, big: boolean): string {
  return `${userId}-${dcId}-${BigInt.asUintN(64, fileId).toString(16)}-${big ? 'b' : 's'}`;
}

/** Seconds between two sweeps of expired uploads. */
const SWEEP_INTERVAL = 60;

/** Every upload in progress. */
export class Uploads {
  private readonly uploads = new Map<string, UploadState>();
  private lastSweep = 0;

  constructor(
    private readonly storage: () => FileStorage,
    private readonly switches: FileSwitches,
    /** Bytes used by stored files and uploads together; throws the quota error past the limit. */
    private readonly reserve: (bytes: number) => void,
    private readonly unreserve: (bytes: number) => void,
  ) {}

  get(key: string): UploadState | undefined {
    return this.uploads.get(key);
  }

  /** Number of uploads tracked. */
  get size(): number {
    return this.uploads.size;
  }

  /** Applies spec §2.2 and stores the part. */
  save(write: PartWrite, big: boolean, now: number): void {
    this.sweep(now);
    const limit = write.premium ? this.switches.partLimitPremium : this.switches.partLimitDefault;
    const { part, bytes } = write;
    const key = uploadKey(write.userId, write.dcId, write.fileId, big);
    let upload = this.uploads.get(key);
    if (upload?.consumed) {
      // new parts after consumption start a new upload; the stored file stays with its media
      this.drop(upload);
      upload = undefined;
    }
    const total = write.totalParts;
    if (big) {
      // a. file_total_parts
      if (total === undefined || (total !== -1 && (total < 1 || total > limit))) rpcFail(400, 'FILE_PARTS_INVALID');
      const knownTotal = upload?.totalParts ?? (total === -1 ? undefined : total);
      // §2.3: the empty end marker of a stream ending on a part boundary
      const endMarker = bytes.length === 0 && total !== -1 && part === total;
      // b. part index
      if (part < 0 || part >= limit || (knownTotal !== undefined && part >= knownTotal && !endMarker)) rpcFail(400, 'FILE_PART_INVALID');
      // g. total changed
      if (upload?.totalParts !== undefined && total !== -1 && total !== upload.totalParts) rpcFail(400, 'FILE_PARTS_INVALID');
      if (endMarker) {
        upload ??= this.create(key, true, now);
        upload.totalParts = total;
        upload.touchedAt = now;
        return;
      }
    } else if (part < 0 || part >= limit) rpcFail(400, 'FILE_PART_INVALID');
    // c, d
    if (bytes.length === 0) rpcFail(400, 'FILE_PART_EMPTY');
    if (bytes.length > MAX_PART_SIZE) rpcFail(400, 'FILE_PART_TOO_BIG');
    const totalNow = total === -1 ? upload?.totalParts : total;
    const last = big && totalNow !== undefined && part === totalNow - 1;
    if (big) this.checkBigPartSize(upload, last, bytes.length);
    const previous = upload?.lengths.get(part) ?? 0;
    if (bytes.length > previous) this.reserve(bytes.length - previous);
    else this.unreserve(previous - bytes.length);
    upload ??= this.create(key, big, now);
    if (big && total !== undefined && total !== -1) upload.totalParts = total;
    if (big && !last) upload.partSize ??= bytes.length;
    this.storage().writePart(key, part, bytes);
    upload.lengths.set(part, bytes.length);
    upload.bytes += bytes.length - previous;
    upload.touchedAt = now;
  }

  /** e, f: sizes of big-upload parts. */
  private checkBigPartSize(upload: UploadState | undefined, last: boolean, size: number): void {
    if (!last && !isValidPartSize(size)) rpcFail(400, 'FILE_PART_SIZE_INVALID');
    const ps = upload?.partSize;
    if (ps !== undefined) {
      if (!last && size !== ps) rpcFail(400, size < ps ? 'FILE_PART_TOO_SMALL' : 'FILE_PART_SIZE_CHANGED');
      if (last && size > ps) rpcFail(400, 'FILE_PART_SIZE_CHANGED');
    } else if (!last && upload) {
      // the last part may have come first: it must not be bigger than the part size now fixed
      const lastLength = upload.totalParts !== undefined ? upload.lengths.get(upload.totalParts - 1) : undefined;
      if (lastLength !== undefined && lastLength > size) rpcFail(400, 'FILE_PART_SIZE_CHANGED');
    }
  }

  private create(key: string, big: boolean, now: number): UploadState {
    const upload: UploadState = { key, big, lengths: new Map(), bytes: 0, touchedAt: now };
    this.uploads.set(key, upload);
    return upload;
  }

  /** The parts became stored file `blobId`: their bytes now belong to it (no longer counted here). */
  markConsumed(upload: UploadState, blobId: number, parts: number, now: number): void {
    upload.consumed = { blobId, parts };
    upload.bytes = 0;
    upload.lengths.clear();
    upload.touchedAt = now;
  }

  /** Forgets an upload and frees its parts. */
  drop(upload: UploadState): void {
    this.uploads.delete(upload.key);
    if (!upload.consumed) {
      this.unreserve(upload.bytes);
      this.storage().dropUpload(upload.key);
    }
  }

  /** Drops uploads idle for longer than the part TTL (at most once a minute). */
  sweep(now: number, force = false): void {
    if (!force && now - this.lastSweep < SWEEP_INTERVAL) return;
    this.lastSweep = now;
    for (const upload of [...this.uploads.values()]) {
      if (now - upload.touchedAt >= this.switches.partTtlSeconds) this.drop(upload);
    }
  }

  /** Forgets every upload whose consumed file was deleted. */
  forgetBlob(blobId: number): void {
    for (const upload of [...this.uploads.values()]) if (upload.consumed?.blobId === blobId) this.uploads.delete(upload.key);
  }
}
