/**
 * TL views of the files area's records: `photo`, `document`, `MessageMedia`, peer photos — each
 * view carries a freshly issued file reference (spec §5.8). {@link createMediaViews} is what the
 * world exposes as `world.media` (contracts.md §9).
 * @module
 */
import type { ChatPhoto, Document, MessageMedia, Photo, PhotoSize, UserProfilePhoto } from '../../../tl/index.js';
import { rpcFail } from '../errors.js';
import type { FilesArea } from './area.js';
import { mediaFromInput } from './media.js';
import { peerPhotoKey } from './peer-photos.js';
import { photoSizeView } from './photo-sizes.js';
import type { DocumentRecord, FileOrigin, MediaRef, MediaViews, PhotoRecord, SizeRecord } from './types.js';

function sizesView(files: FilesArea, sizes: SizeRecord[]): PhotoSize[] {
  return sizes.map((s) => photoSizeView(s, (id) => files.blob(id)?.size ?? 0));
}

/** The `photo` constructor with a fresh reference. */
export function photoView(files: FilesArea, photo: PhotoRecord, now: number, origin?: FileOrigin): Photo {
  return {
    _: 'photo',
    id: photo.id,
    accessHash: photo.accessHash,
    fileReference: files.references.issue('photo', photo.id, now, origin),
    date: photo.date,
    sizes: sizesView(files, photo.sizes),
    dcId: photo.dcId,
  };
}

/** The `document` constructor with a fresh reference. */
export function documentView(files: FilesArea, doc: DocumentRecord, now: number, origin?: FileOrigin): Document {
  return {
    _: 'document',
    id: doc.id,
    accessHash: doc.accessHash,
    fileReference: files.references.issue('document', doc.id, now, origin),
    date: doc.date,
    mimeType: doc.mimeType,
    size: BigInt(files.blob(doc.blobId)?.size ?? 0),
    ...(doc.thumbs.length > 0 ? { thumbs: sizesView(files, doc.thumbs) } : {}),
    dcId: doc.dcId,
    attributes: doc.attributes,
  };
}

/** `messageMediaDocument` flags implied by the attributes (video, round, voice). */
function documentFlags(doc: DocumentRecord): { video?: true; round?: true; voice?: true } {
  for (const a of doc.attributes) {
    if (a._ === 'documentAttributeVideo') return a.roundMessage ? { round: true } : { video: true };
    if (a._ === 'documentAttributeAudio' && a.voice) return { voice: true };
  }
  return {};
}

/** `MessageMedia` of a ref; deleted media shows as the empty constructor of its kind. */
export function mediaView(files: FilesArea, ref: MediaRef, now: number, origin?: FileOrigin): MessageMedia {
  if (ref.kind === 'photo') {
    const photo = files.photos.get(ref.id.toString());
    return photo ? { _: 'messageMediaPhoto', photo: photoView(files, photo, now, origin) } : { _: 'messageMediaPhoto' };
  }
  const doc = files.documents.get(ref.id.toString());
  return doc ? { _: 'messageMediaDocument', document: documentView(files, doc, now, origin), ...documentFlags(doc) } : { _: 'messageMediaDocument' };
}

function strippedOf(photo: PhotoRecord): Uint8Array | undefined {
  const s = photo.sizes.find((x) => x.kind === 'stripped');
  return s?.kind === 'stripped' ? s.bytes : undefined;
}

/** `userProfilePhoto` / `chatPhoto` of a peer's current photo. */
export function peerPhotoView(files: FilesArea, peerId: number, kind: 'user' | 'chat'): UserProfilePhoto | ChatPhoto {
  const id = files.peerPhotos.get(peerPhotoKey(kind, peerId))?.photoIds[0];
  const photo = id === undefined ? undefined : files.photos.get(id.toString());
  if (!photo) return kind === 'user' ? { _: 'userProfilePhotoEmpty' } : { _: 'chatPhotoEmpty' };
  const stripped = strippedOf(photo);
  const fields = { photoId: photo.id, dcId: photo.dcId, ...(stripped ? { strippedThumb: stripped } : {}) };
  return kind === 'user' ? { _: 'userProfilePhoto', ...fields } : { _: 'chatPhoto', ...fields };
}

/** The `world.media` implementation over a files area. */
export function createMediaViews(files: FilesArea): MediaViews {
  return {
    view: (ref, _viewerId, origin) => mediaView(files, ref, files.owner.now(), origin),
    resolveInput: (input, ownerId) => {
      const user = files.owner.users.get(ownerId);
      if (!user) return rpcFail(400, 'PEER_ID_INVALID');
      return mediaFromInput(files, input, { user, dcId: user.homeDc, now: files.owner.now() });
    },
    retain: (ref) => files.retain(ref),
    release: (ref) => files.release(ref),
    exists: (ref) => files.media(ref) !== undefined,
    peerPhoto: (peerId, kind) => peerPhotoView(files, peerId, kind),
  };
}
