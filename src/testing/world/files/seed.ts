/**
 * Seeding the files area without uploads (tests, `tgts serve --seed`): documents and photos from
 * bytes, and user / group / channel photos.
 * @module
 */
import { BadArgumentError } from '../../../errors.js';
import { randomLong } from '../random.js';
import type { ChatRecord, UserRecord } from '../types.js';
import type { World } from '../world.js';
import { peerPhotoKey, setPeerPhoto } from './peer-photos.js';
import { documentThumbs, photoSizes, profilePhotoSizes } from './photo-sizes.js';
import { imageSize, SNIFF_BYTES } from './sniff.js';
import type { DocumentRecord, MediaRef, PhotoRecord } from './types.js';
import type { DocumentAttribute } from '../../../tl/index.js';

/** Options of {@link seedDocument}. */
export interface SeedDocumentOptions {
  /** DC the file lives on (default: the world's default DC). */
  dcId?: number;
  mimeType?: string;
  attributes?: DocumentAttribute[];
  /** Serve it through the cluster's CDN DCs (spec §6.1). */
  cdn?: boolean;
}

function dcOf(world: World, dcId: number | undefined): number {
  const dc = dcId ?? world.defaultDc;
  if (!world.dcExists(dc)) throw new BadArgumentError('dcId', `no DC ${dc} in the cluster`);
  return dc;
}

/** A document made of `bytes` (image documents get thumbs like uploaded ones). */
export function seedDocument(world: World, bytes: Uint8Array, options: SeedDocumentOptions = {}): MediaRef {
  const files = world.files;
  const now = world.now();
  const blob = files.putBytes(bytes, dcOf(world, options.dcId), now);
  const mimeType = options.mimeType ?? 'application/octet-stream';
  const dims = mimeType.startsWith('image/') ? imageSize(bytes.subarray(0, SNIFF_BYTES)) : undefined;
  const record: DocumentRecord = {
    id: randomLong(),
    accessHash: randomLong(),
    date: now,
    dcId: blob.dcId,
    blobId: blob.id,
    mimeType,
    attributes: options.attributes ?? [],
    thumbs: dims ? documentThumbs(dims.w, dims.h, blob.id) : [],
    holders: 0,
  };
  const ref: MediaRef = { kind: 'document', id: record.id };
  files.addMedia(ref, record);
  if (options.cdn) files.setCdn(ref);
  return ref;
}

function seedPhotoRecord(world: World, bytes: Uint8Array, dcId: number | undefined, profile: boolean): MediaRef {
  const dims = imageSize(bytes.subarray(0, SNIFF_BYTES));
  if (!dims) throw new BadArgumentError('bytes', 'not an image whose header gives its size (JPEG, PNG, GIF, WebP, BMP)');
  const files = world.files;
  const now = world.now();
  const blob = files.putBytes(bytes, dcOf(world, dcId), now);
  const sizes = profile ? profilePhotoSizes(dims.w, dims.h, blob.id) : photoSizes(dims.w, dims.h, blob.id);
  const record: PhotoRecord = { id: randomLong(), accessHash: randomLong(), date: now, dcId: blob.dcId, blobId: blob.id, sizes, holders: 0, w: dims.w, h: dims.h };
  const ref: MediaRef = { kind: 'photo', id: record.id };
  files.addMedia(ref, record);
  return ref;
}

/** A message photo made of image `bytes`. */
export function seedPhoto(world: World, bytes: Uint8Array, options: { dcId?: number } = {}): MediaRef {
  return seedPhotoRecord(world, bytes, options.dcId, false);
}

/** Sets the current photo of a user, group or channel from image `bytes`; returns the photo. */
export function seedPeerPhoto(world: World, peer: UserRecord | ChatRecord, bytes: Uint8Array, options: { dcId?: number } = {}): MediaRef {
  const ref = seedPhotoRecord(world, bytes, options.dcId, true);
  setPeerPhoto(world.files, peerPhotoKey('firstName' in peer ? 'user' : 'chat', peer.id), ref.id);
  return ref;
}
