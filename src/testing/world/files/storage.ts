/**
 * Where the bytes of uploads and stored files live: in memory, or as plain files under a directory
 * (`<dir>/parts/` for uploads in progress, `<dir>/blobs/<id>.bin` for stored files). Metadata stays in
 * the world's tables; this layer only moves bytes, and never reads a whole file to serve a range.
 *
 * Parts of an upload are kept in fixed 512 KiB slots (part `i` at `i · 524288`), so any arrival order
 * works and a file uploaded in 512 KiB parts becomes a stored file by a rename; smaller parts are
 * compacted in place once, when the file is consumed.
 * @module
 */
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readSync, readdirSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes of one part slot (the largest part size). */
export const PART_SLOT = 524288;

/** Layout of a finished upload, as the consumer checked it. */
export interface PartLayout {
  parts: number;
  partSize: number;
  size: number;
}

/** The byte store behind the files area. */
export interface FileStorage {
  readonly kind: 'memory' | 'disk';
  /** Writes part `index` of upload `key` (replacing an earlier copy). */
  writePart(key: string, index: number, bytes: Uint8Array): void;
  /** Bytes of part `index` of upload `key` (`length` as recorded). */
  readPart(key: string, index: number, length: number): Uint8Array;
  /** Forgets an upload's parts. */
  dropUpload(key: string): void;
  /** Turns the parts of `key` into stored file `blobId`; the upload's parts are gone afterwards. */
  commit(key: string, blobId: number, layout: PartLayout): void;
  /** Stores `bytes` as file `blobId` (seeding). */
  put(blobId: number, bytes: Uint8Array): void;
  /** `length` bytes of file `blobId` from `offset` (the caller keeps the range inside the file). */
  read(blobId: number, offset: number, length: number): Uint8Array;
  /**
   * {@link read} for a caller done with the bytes before the next call returns (an answer encoded at
   * once, a hash): they may sit in a buffer this storage reuses, so nothing per chunk is allocated.
   */
  readTransient(blobId: number, offset: number, length: number): Uint8Array;
  deleteBlob(blobId: number): void;
  /** Ids of the stored files present (disk: the files found in the directory). */
  blobIds(): number[];
}

/** Stored file in memory: equal chunks (the upload's parts) except a shorter last one. */
interface MemoryBlob {
  chunkSize: number;
  chunks: Uint8Array[];
}

/** Everything in memory. */
export class MemoryFileStorage implements FileStorage {
  readonly kind = 'memory';
  private readonly uploads = new Map<string, Map<number, Uint8Array>>();
  private readonly blobs = new Map<number, MemoryBlob>();

  writePart(key: string, index: number, bytes: Uint8Array): void {
    let parts = this.uploads.get(key);
    if (!parts) {
      parts = new Map();
      this.uploads.set(key, parts);
    }
    parts.set(index, bytes);
  }

  readPart(key: string, index: number): Uint8Array {
    return this.uploads.get(key)?.get(index) ?? new Uint8Array(0);
  }

  dropUpload(key: string): void {
    this.uploads.delete(key);
  }

  commit(key: string, blobId: number, layout: PartLayout): void {
    const parts = this.uploads.get(key) ?? new Map<number, Uint8Array>();
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < layout.parts; i++) chunks.push(parts.get(i) ?? new Uint8Array(0));
    this.blobs.set(blobId, { chunkSize: layout.partSize, chunks });
    this.uploads.delete(key);
  }

  put(blobId: number, bytes: Uint8Array): void {
    this.blobs.set(blobId, { chunkSize: Math.max(1, bytes.length), chunks: [bytes] });
  }

  read(blobId: number, offset: number, length: number): Uint8Array {
    const blob = this.blobs.get(blobId);
    if (!blob || length <= 0) return new Uint8Array(0);
    const first = Math.floor(offset / blob.chunkSize);
    const within = offset - first * blob.chunkSize;
    const head = blob.chunks[first];
    if (!head) return new Uint8Array(0);
    // one chunk holds the whole range: a view, no copy
    if (within + length <= head.length) return head.subarray(within, within + length);
    const out = new Uint8Array(length);
    let done = 0;
    for (let c = first; done < length && c < blob.chunks.length; c++) {
      const chunk = blob.chunks[c]!;
      const from = c === first ? within : 0;
      const n = Math.min(chunk.length - from, length - done);
      out.set(chunk.subarray(from, from + n), done);
      done += n;
    }
    return done === length ? out : out.subarray(0, done);
  }

  readTransient(blobId: number, offset: number, length: number): Uint8Array {
    return this.read(blobId, offset, length); // already a view of the stored chunk, or a copy across two
  }

  deleteBlob(blobId: number): void {
    this.blobs.delete(blobId);
  }

  blobIds(): number[] {
    return [...this.blobs.keys()];
  }
}

function readAt(fd: number, buf: Uint8Array, position: number): number {
  let done = 0;
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

function writeAt(fd: number, buf: Uint8Array, position: number): void {
  let done = 0;
  while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done, position + done);
}

/** Largest read buffer a disk storage keeps for {@link FileStorage.readTransient} (one `getFile` chunk). */
const TRANSIENT_KEEP_BYTES = 1024 * 1024;

/** Plain files under `dir`. Uploads in progress do not survive a restart (their directory is emptied on open). */
export class DiskFileStorage implements FileStorage {
  readonly kind = 'disk';
  private readonly partsDir: string;
  private readonly blobsDir: string;
  /** The reused buffer of {@link readTransient}. */
  private transient = new Uint8Array(0);

  constructor(readonly dir: string) {
    this.partsDir = join(dir, 'parts');
    this.blobsDir = join(dir, 'blobs');
    rmSync(this.partsDir, { recursive: true, force: true });
    mkdirSync(this.partsDir, { recursive: true });
    mkdirSync(this.blobsDir, { recursive: true });
  }

  private partFile(key: string): string {
    return join(this.partsDir, `${key.replace(/[^0-9a-z-]/gi, '_')}.part`);
  }

  private blobFile(blobId: number): string {
    return join(this.blobsDir, `${blobId}.bin`);
  }

  writePart(key: string, index: number, bytes: Uint8Array): void {
    const file = this.partFile(key);
    const fd = openSync(file, existsSync(file) ? 'r+' : 'w+');
    try {
      writeAt(fd, bytes, index * PART_SLOT);
    } finally {
      closeSync(fd);
    }
  }

  readPart(key: string, index: number, length: number): Uint8Array {
    const file = this.partFile(key);
    if (!existsSync(file)) return new Uint8Array(0);
    const fd = openSync(file, 'r');
    try {
      const buf = new Uint8Array(length);
      return buf.subarray(0, readAt(fd, buf, index * PART_SLOT));
    } finally {
      closeSync(fd);
    }
  }

  dropUpload(key: string): void {
    rmSync(this.partFile(key), { force: true });
  }

  commit(key: string, blobId: number, layout: PartLayout): void {
    const file = this.partFile(key);
    const fd = openSync(file, existsSync(file) ? 'r+' : 'w+');
    try {
      if (layout.partSize !== PART_SLOT) {
        // move part i from its slot down to i·partSize; destinations never overtake sources
        const buf = new Uint8Array(layout.partSize);
        for (let i = 1; i < layout.parts; i++) {
          const n = readAt(fd, buf, i * PART_SLOT);
          writeAt(fd, buf.subarray(0, n), i * layout.partSize);
        }
      }
      ftruncateSync(fd, layout.size);
    } finally {
      closeSync(fd);
    }
    renameSync(file, this.blobFile(blobId));
  }

  put(blobId: number, bytes: Uint8Array): void {
    const tmp = join(this.partsDir, `put-${blobId}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      writeAt(fd, bytes, 0);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.blobFile(blobId));
  }

  read(blobId: number, offset: number, length: number): Uint8Array {
    return length <= 0 ? new Uint8Array(0) : this.readInto(blobId, offset, new Uint8Array(length));
  }

  readTransient(blobId: number, offset: number, length: number): Uint8Array {
    if (length <= 0) return new Uint8Array(0);
    if (length > TRANSIENT_KEEP_BYTES) return this.read(blobId, offset, length);
    if (this.transient.length < length) this.transient = new Uint8Array(Math.max(length, Math.min(2 * this.transient.length, TRANSIENT_KEEP_BYTES)));
    return this.readInto(blobId, offset, this.transient.subarray(0, length));
  }

  /** Fills `buf` from `offset` of file `blobId`; the part read (shorter at the end of the file). */
  private readInto(blobId: number, offset: number, buf: Uint8Array): Uint8Array {
    const fd = openSync(this.blobFile(blobId), 'r');
    try {
      const n = readAt(fd, buf, offset);
      return n === buf.length ? buf : buf.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  }

  deleteBlob(blobId: number): void {
    try {
      unlinkSync(this.blobFile(blobId));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  blobIds(): number[] {
    const out: number[] = [];
    for (const name of readdirSync(this.blobsDir)) {
      const m = /^(\d+)\.bin$/.exec(name);
      if (m) out.push(Number(m[1]));
      else rmSync(join(this.blobsDir, name), { force: true });
    }
    return out;
  }
}
