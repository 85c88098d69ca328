/**
 * The files area of the world: stored files and their metadata tables, uploads in progress, the
 * quota, file references and the media records (photos, documents, peer photos).
 *
 * Tables (persisted with the world): `filesBlobs` (one row per stored file), `filesPhotos`,
 * `filesDocuments`, `filesPeerPhotos`, `filesMeta` (the reference secret and id counter). Bytes live
 * in a {@link FileStorage}: memory, or `options.dir` on disk.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { WorldTable } from '../tables.js';
import type { World } from '../world.js';
import type { CdnHooks } from './cdn-hooks.js';
import type { ConsumedFile } from './consume.js';
import { failFiles } from './file-errors.js';
import { DEFAULT_FILE_SWITCHES, type FileSwitches } from './file-rules.js';
import { FileReferences } from './references.js';
import { DiskFileStorage, MemoryFileStorage, type FileStorage } from './storage.js';
import type { BlobRecord, DocumentRecord, MediaRef, PeerPhotosRecord, PhotoRecord } from './types.js';
import { Uploads } from './uploads.js';

/** Options of the files area (`WorldOptions.files`). */
export interface FilesOptions extends Partial<FileSwitches> {
  /** Directory of stored files and uploads in progress; default: memory. */
  dir?: string;
}

interface FilesMeta {
  secret: Uint8Array;
  nextBlobId: number;
}

const META_KEY = 'meta';

/** Stored files, uploads and media records of one world. */
export class FilesArea {
  readonly switches: FileSwitches;
  readonly blobs: WorldTable<BlobRecord>;
  readonly photos: WorldTable<PhotoRecord>;
  readonly documents: WorldTable<DocumentRecord>;
  readonly peerPhotos: WorldTable<PeerPhotosRecord>;
  readonly uploads: Uploads;
  /** The CDN DCs of the cluster, once one is started (`testing/cdn/`). */
  cdn: CdnHooks | undefined;
  private readonly meta: WorldTable<FilesMeta>;
  private readonly dir: string | undefined;
  private store: FileStorage | undefined;
  private refs: FileReferences | undefined;
  private used = 0;

  constructor(
    private readonly world: World,
    options: FilesOptions = {},
  ) {
    const { dir, ...switches } = options;
    this.dir = dir;
    this.switches = { ...DEFAULT_FILE_SWITCHES, ...switches };
    this.blobs = world.tables.define<BlobRecord>('filesBlobs');
    this.photos = world.tables.define<PhotoRecord>('filesPhotos');
    this.documents = world.tables.define<DocumentRecord>('filesDocuments');
    this.peerPhotos = world.tables.define<PeerPhotosRecord>('filesPeerPhotos');
    this.meta = world.tables.define<FilesMeta>('filesMeta');
    this.uploads = new Uploads(
      () => this.storage(),
      this.switches,
      (n) => this.reserve(n),
      (n) => this.unreserve(n),
    );
  }

  /** The byte store, opened on first use (after the world's rows loaded): orphans and missing files are cleaned. */
  storage(): FileStorage {
    if (this.store) return this.store;
    const store: FileStorage = this.dir !== undefined ? new DiskFileStorage(this.dir) : new MemoryFileStorage();
    this.store = store;
    const present = new Set(store.blobIds());
    for (const id of present) if (!this.blobs.has(String(id))) store.deleteBlob(id);
    if (store.kind === 'disk') {
      // rows whose bytes are gone (a crash between delete and save) go too, with their media
      for (const [key, blob] of [...this.blobs.entries()]) if (!present.has(blob.id)) this.blobs.delete(key);
      for (const [key, p] of [...this.photos.entries()]) if (!this.blobs.has(String(p.blobId))) this.photos.delete(key);
      for (const [key, d] of [...this.documents.entries()]) if (!this.blobs.has(String(d.blobId))) this.documents.delete(key);
    }
    this.used = 0;
    for (const blob of this.blobs.values()) this.used += blob.size;
    return store;
  }

  /** Bytes counted against the quota (stored files + uploads in progress). */
  get usedBytes(): number {
    this.storage();
    return this.used;
  }

  private reserve(n: number): void {
    this.storage();
    if (this.used + n > this.switches.quotaBytes) failFiles('quotaExceeded');
    this.used += n;
  }

  private unreserve(n: number): void {
    this.used = Math.max(0, this.used - n);
  }

  private metaRow(): FilesMeta {
    let m = this.meta.get(META_KEY);
    if (!m) {
      m = { secret: new Uint8Array(randomBytes(32)), nextBlobId: 1 };
      this.meta.set(META_KEY, m);
    }
    return m;
  }

  /** File references under this world's secret. */
  get references(): FileReferences {
    this.refs ??= new FileReferences(this.metaRow().secret);
    return this.refs;
  }

  private nextBlobId(): number {
    const m = this.metaRow();
    const id = m.nextBlobId++;
    this.meta.touch(META_KEY);
    return id;
  }

  /** Stores the checked parts of `consumed` as a file homed on `dcId` (or reuses the file they became before). */
  commitUpload(consumed: ConsumedFile, dcId: number, now: number): BlobRecord {
    if (consumed.reusedBlobId !== undefined) {
      const blob = this.blobs.get(String(consumed.reusedBlobId));
      if (blob) return blob;
      return failFiles('mediaUnknown');
    }
    const upload = consumed.upload!;
    const layout = consumed.layout!;
    const id = this.nextBlobId();
    this.storage().commit(upload.key, id, layout);
    // parts beyond the file (and overwritten slots) were counted with the upload
    this.unreserve(upload.bytes - layout.size);
    this.uploads.markConsumed(upload, id, layout.parts, now);
    const blob: BlobRecord = { id, size: layout.size, dcId, date: now, refs: 0, cdn: false, ...(consumed.md5 ? { md5: consumed.md5 } : {}) };
    this.blobs.set(String(id), blob);
    return blob;
  }

  /** Stores `bytes` as a file homed on `dcId` (seeding and tests). */
  putBytes(bytes: Uint8Array, dcId: number, now: number): BlobRecord {
    this.reserve(bytes.length);
    const id = this.nextBlobId();
    this.storage().put(id, bytes);
    const blob: BlobRecord = { id, size: bytes.length, dcId, date: now, refs: 0, cdn: false };
    this.blobs.set(String(id), blob);
    return blob;
  }

  blob(id: number): BlobRecord | undefined {
    return this.blobs.get(String(id));
  }

  /** `length` bytes of stored file `id` from `offset`, clipped to the file. */
  read(blob: BlobRecord, offset: number, length: number): Uint8Array {
    const n = Math.max(0, Math.min(length, blob.size - offset));
    return this.storage().read(blob.id, offset, n);
  }

  /** {@link read} whose bytes are valid only until the next read: for an answer encoded at once, or a hash. */
  readTransient(blob: BlobRecord, offset: number, length: number): Uint8Array {
    const n = Math.max(0, Math.min(length, blob.size - offset));
    return this.storage().readTransient(blob.id, offset, n);
  }

  /** A media record now uses `blobId`. */
  refBlob(blobId: number): void {
    const blob = this.blobs.get(String(blobId));
    if (!blob) return;
    blob.refs++;
    this.blobs.touch(String(blobId));
  }

  /** A media record stopped using `blobId`: the file goes with its last user. */
  unrefBlob(blobId: number): void {
    const key = String(blobId);
    const blob = this.blobs.get(key);
    if (!blob) return;
    blob.refs--;
    if (blob.refs > 0) {
      this.blobs.touch(key);
      return;
    }
    this.blobs.delete(key);
    this.storage().deleteBlob(blobId);
    this.unreserve(blob.size);
    this.uploads.forgetBlob(blobId);
    this.cdn?.forget(blobId);
  }

  /** A media record of either kind. */
  media(ref: MediaRef): PhotoRecord | DocumentRecord | undefined {
    return ref.kind === 'photo' ? this.photos.get(ref.id.toString()) : this.documents.get(ref.id.toString());
  }

  /** The blobs a media record uses (the original, thumbs). */
  private blobsOf(record: PhotoRecord | DocumentRecord): number[] {
    const ids = new Set<number>([record.blobId]);
    for (const s of 'thumbs' in record ? record.thumbs : record.sizes) if (s.kind !== 'stripped') ids.add(s.blobId);
    return [...ids];
  }

  /** Adds a new media record and counts its files as used. */
  addMedia(ref: MediaRef, record: PhotoRecord | DocumentRecord): void {
    if (ref.kind === 'photo') this.photos.set(ref.id.toString(), record as PhotoRecord);
    else this.documents.set(ref.id.toString(), record as DocumentRecord);
    for (const id of this.blobsOf(record)) this.refBlob(id);
  }

  /**
   * Lets (or stops letting) the files of `ref` be served through the cluster's CDN DCs (spec §6.1:
   * Telegram does it for media of public channels with over `cdnMinSubscribers` subscribers).
   */
  setCdn(ref: MediaRef, enabled = true): void {
    const record = this.media(ref);
    if (!record) return;
    for (const id of this.blobsOf(record)) {
      const blob = this.blobs.get(String(id));
      if (!blob || blob.cdn === enabled) continue;
      blob.cdn = enabled;
      this.blobs.touch(String(id));
    }
  }

  /** A holder refers to `ref`. */
  retain(ref: MediaRef): void {
    const record = this.media(ref);
    if (!record) return;
    record.holders++;
    this.touchMedia(ref);
  }

  /** A holder let go of `ref`; the last one deletes it (and files nobody else uses). */
  release(ref: MediaRef): void {
    const record = this.media(ref);
    if (!record) return;
    record.holders--;
    if (record.holders > 0) this.touchMedia(ref);
    else this.deleteMedia(ref);
  }

  /** Deletes a media record now, whoever holds it. */
  deleteMedia(ref: MediaRef): void {
    const record = this.media(ref);
    if (!record) return;
    if (ref.kind === 'photo') this.photos.delete(ref.id.toString());
    else this.documents.delete(ref.id.toString());
    for (const id of this.blobsOf(record)) this.unrefBlob(id);
  }

  private touchMedia(ref: MediaRef): void {
    if (ref.kind === 'photo') this.photos.touch(ref.id.toString());
    else this.documents.touch(ref.id.toString());
  }

  /** Part limit of a user (spec §1.2). */
  partLimit(premium: boolean): number {
    return premium ? this.switches.partLimitPremium : this.switches.partLimitDefault;
  }

  /** The world this area belongs to. */
  get owner(): World {
    return this.world;
  }
}
