/**
 * The CDN state of a cluster (spec §6, [I] rules §6.8): the CDN DCs, one `file_token` with its key
 * and IV per (file, CDN DC), which files each CDN DC holds, and the request tokens of
 * `cdnFileReuploadNeeded`. Master DCs reach it as `world.files.cdn` ({@link CdnHooks}); the CDN DCs
 * serve `upload.getCdnFile` through {@link CdnRegistry.serve}. Kept in memory: after a restart every
 * token is invalid and clients resume on the master DC, as the spec says they must.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { CdnPublicKey, DcOption, FileHash, UploadCdnFile, UploadFile } from '../../tl/index.js';
import { rpcFail } from '../world/errors.js';
import type { FilesArea } from '../world/files/area.js';
import type { CdnHooks } from '../world/files/cdn-hooks.js';
import { fileHashes } from '../world/files/hashes.js';
import { checkRange } from '../world/files/locations.js';
import type { BlobRecord } from '../world/files/types.js';
import { cdnCrypt } from './cdn-crypto.js';
import { CdnFaults } from './cdn-faults.js';

/** One CDN DC as the masters announce it. */
export interface CdnDcEntry {
  id: number;
  host: string;
  port: number;
  /** PKCS#1 PEM of its RSA key (`help.getCdnConfig`). */
  publicKeyPem: string;
}

interface TokenRecord {
  token: Uint8Array;
  blobId: number;
  dcId: number;
  key: Uint8Array;
  iv: Uint8Array;
  /** World seconds; 0 = never. */
  expiresAt: number;
  epoch: number;
}

interface RequestRecord {
  tokenHex: string;
  offset: number;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Every CDN DC of one world. */
export class CdnRegistry implements CdnHooks {
  readonly faults = new CdnFaults();
  private readonly entries: CdnDcEntry[] = [];
  private readonly tokens = new Map<string, TokenRecord>();
  /** `${blobId}:${dcId}` → token (hex). */
  private readonly tokenOf = new Map<string, string>();
  /** `${blobId}:${dcId}` of the files a CDN DC holds. */
  private readonly present = new Set<string>();
  /** Request token (hex) → what it re-uploads. */
  private readonly requests = new Map<string, RequestRecord>();

  constructor(private readonly files: FilesArea) {}

  /** Announces a CDN DC. */
  addDc(entry: CdnDcEntry): void {
    this.entries.push(entry);
  }

  /** Stops announcing a CDN DC (it closed). */
  removeDc(id: number): void {
    const i = this.entries.findIndex((e) => e.id === id);
    if (i >= 0) this.entries.splice(i, 1);
  }

  get dcs(): readonly CdnDcEntry[] {
    return this.entries;
  }

  dcOptions(): DcOption[] {
    return this.entries.map((e) => ({ _: 'dcOption', cdn: true, id: e.id, ipAddress: e.host, port: e.port }));
  }

  publicKeys(): CdnPublicKey[] {
    return this.entries.map((e) => ({ _: 'cdnPublicKey', dcId: e.id, publicKey: e.publicKeyPem }));
  }

  private applyEviction(): void {
    if (!this.faults.evictPending) return;
    this.faults.evictPending = false;
    this.present.clear();
  }

  /** The live token of `fileToken`, or `FILE_TOKEN_INVALID`. */
  private token(fileToken: Uint8Array, now: number): TokenRecord {
    const key = hex(fileToken);
    const t = this.tokens.get(key);
    const blob = t && this.files.blob(t.blobId);
    if (!t || !blob || t.epoch !== this.faults.tokenEpoch || (t.expiresAt !== 0 && now >= t.expiresAt)) {
      if (t) this.dropToken(key, t);
      return rpcFail(400, 'FILE_TOKEN_INVALID');
    }
    return t;
  }

  private dropToken(key: string, t: TokenRecord): void {
    this.tokens.delete(key);
    if (this.tokenOf.get(`${t.blobId}:${t.dcId}`) === key) this.tokenOf.delete(`${t.blobId}:${t.dcId}`);
  }

  redirect(blob: BlobRecord, offset: number, now: number): UploadFile {
    const entry = this.entries[blob.id % this.entries.length]!;
    const slot = `${blob.id}:${entry.id}`;
    let t = this.tokens.get(this.tokenOf.get(slot) ?? '');
    if (!t || t.epoch !== this.faults.tokenEpoch || (t.expiresAt !== 0 && now >= t.expiresAt)) {
      if (t) this.dropToken(hex(t.token), t);
      const ttl = this.files.switches.cdnFileTokenTtlSeconds;
      const iv = new Uint8Array(randomBytes(16));
      t = {
        token: new Uint8Array(randomBytes(32)),
        blobId: blob.id,
        dcId: entry.id,
        key: new Uint8Array(randomBytes(32)),
        iv,
        expiresAt: ttl > 0 ? now + ttl : 0,
        epoch: this.faults.tokenEpoch,
      };
      this.tokens.set(hex(t.token), t);
      this.tokenOf.set(slot, hex(t.token));
      if (this.files.switches.cdnInitiallyPresent) this.present.add(slot);
    }
    return {
      _: 'upload.fileCdnRedirect',
      dcId: entry.id,
      fileToken: t.token,
      encryptionKey: t.key,
      encryptionIv: t.iv,
      fileHashes: fileHashes(this.files, blob, offset),
    };
  }

  hashes(fileToken: Uint8Array, offset: number, now: number): FileHash[] {
    const t = this.token(fileToken, now);
    return fileHashes(this.files, this.files.blob(t.blobId)!, offset);
  }

  reupload(fileToken: Uint8Array, requestToken: Uint8Array, now: number): FileHash[] {
    const t = this.token(fileToken, now);
    const request = this.requests.get(hex(requestToken));
    if (!request || request.tokenHex !== hex(t.token)) return rpcFail(400, 'REQUEST_TOKEN_INVALID');
    this.requests.delete(hex(requestToken));
    this.applyEviction();
    this.present.add(`${t.blobId}:${t.dcId}`);
    return fileHashes(this.files, this.files.blob(t.blobId)!, request.offset);
  }

  forget(blobId: number): void {
    for (const [key, t] of [...this.tokens]) if (t.blobId === blobId) this.dropToken(key, t);
    for (const slot of [...this.present]) if (slot.startsWith(`${blobId}:`)) this.present.delete(slot);
  }

  /** `upload.getCdnFile` on CDN DC `dcId` (spec §6.4): token, range rules, presence, then the encrypted bytes. */
  serve(dcId: number, fileToken: Uint8Array, offset: bigint, limit: number, now: number): UploadCdnFile {
    const t = this.token(fileToken, now);
    if (t.dcId !== dcId) rpcFail(400, 'FILE_TOKEN_INVALID');
    if (offset < 0n) rpcFail(400, 'OFFSET_INVALID');
    const at = offset > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(offset);
    checkRange(at, limit, false);
    this.applyEviction();
    const slot = `${t.blobId}:${t.dcId}`;
    if (!this.present.has(slot)) {
      const requestToken = new Uint8Array(randomBytes(16));
      // one pending request per file and DC keeps the table bounded
      for (const [key, r] of this.requests) if (r.tokenHex === hex(t.token)) this.requests.delete(key);
      this.requests.set(hex(requestToken), { tokenHex: hex(t.token), offset: at });
      return { _: 'upload.cdnFileReuploadNeeded', requestToken };
    }
    const blob = this.files.blob(t.blobId)!;
    // §6.4: past the end the CDN answers empty bytes (clients of unknown size read until then)
    const plain = this.files.read(blob, at, limit);
    return { _: 'upload.cdnFile', bytes: this.faults.maybeCorrupt(cdnCrypt(t.key, t.iv, at, plain)) };
  }
}
