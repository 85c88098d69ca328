/**
 * Records of the files area: stored files (blobs), photos, documents, peer photos, and the
 * `MediaRef` / `MediaViews` boundary the messages area builds against (contracts.md §9).
 */
import type { ChatPhoto, Document, DocumentAttribute, InputMedia, MessageMedia, Photo, UserProfilePhoto } from '../../../tl/index.js';

/** Media a message (or another holder) refers to: an id in the files area's tables. */
export interface MediaRef {
  kind: 'photo' | 'document';
  id: bigint;
}

/** Where a file reference was issued (bound into its MAC; any origin is accepted by `getFile`). */
export interface FileOrigin {
  /** Peer id of the message (users > 0, chats/channels as their ids) or 0. */
  peerId?: number;
  msgId?: number;
}

/** What the files area offers the rest of the world (installed as `world.media`). */
export interface MediaViews {
  /** `messageMediaPhoto` / `messageMediaDocument` as `viewerId` sees it, with a fresh file reference. */
  view(ref: MediaRef, viewerId: number, origin?: FileOrigin): MessageMedia;
  /**
   * The media an `InputMedia` of `ownerId` names or creates (`messages.editMessage`; uploads are looked up
   * on the owner's home DC); throws the method's RpcError when it cannot.
   */
  resolveInput(input: InputMedia, ownerId: number): MediaRef;
  /** A holder (a message, a profile photo list) now refers to `ref`. */
  retain(ref: MediaRef): void;
  /** A holder let go of `ref`; the media and its bytes are deleted with the last holder. */
  release(ref: MediaRef): void;
  /** True when `ref` names stored media. */
  exists(ref: MediaRef): boolean;
  /** The `userProfilePhoto` / `chatPhoto` of a peer (user id > 0, chat or channel id), empty when it has none. */
  peerPhoto(peerId: number, kind: 'user' | 'chat'): UserProfilePhoto | ChatPhoto;
}

/** One stored file: bytes in the blob store plus what `getFile` reports. */
export interface BlobRecord {
  id: number;
  size: number;
  /** DC that holds the bytes (the DC the parts were uploaded to). */
  dcId: number;
  /** Unix seconds (the `mtime` of `upload.file`). */
  date: number;
  /** Lower-case hex MD5 when the uploader gave one. */
  md5?: string;
  /** Photo/document records pointing at this blob. */
  refs: number;
  /** Media of the file may be served through a CDN DC (spec §6.1). */
  cdn: boolean;
}

/** A downloadable size of a photo or document thumb. */
export type SizeRecord =
  | { type: string; kind: 'stripped'; bytes: Uint8Array }
  | { type: string; kind: 'plain'; w: number; h: number; blobId: number }
  | { type: string; kind: 'progressive'; w: number; h: number; blobId: number };

/** A photo (message photo or profile photo). */
export interface PhotoRecord {
  id: bigint;
  accessHash: bigint;
  date: number;
  dcId: number;
  /** The original upload. */
  blobId: number;
  sizes: SizeRecord[];
  /** Messages and peer-photo lists holding it. */
  holders: number;
  /** Width and height of the original. */
  w: number;
  h: number;
}

/** A document. */
export interface DocumentRecord {
  id: bigint;
  accessHash: bigint;
  date: number;
  dcId: number;
  blobId: number;
  mimeType: string;
  attributes: DocumentAttribute[];
  thumbs: SizeRecord[];
  holders: number;
}

/** The photos of one peer, current first (keyed by `peerPhotoKey`). */
export interface PeerPhotosRecord {
  photoIds: bigint[];
}

/** TL views of the records (what `views.ts` produces). */
export type MediaObject = Photo | Document;
