/**
 * File ids ⇄ TL: the input location (and `InputDocument` / `InputPhoto`) a file id names, and the file
 * id of a `document`, a `photo` size, a document thumb or a peer photo (spec/files.md §7.6–7.7).
 * @module
 */
import type {
  InputDocument,
  InputFileLocation,
  InputPeer,
  InputPhoto,
  InputWebFileLocation,
  Peer,
  PhotoSize,
  RawDocument,
  RawPhoto,
} from '../../../tl/index.js';
import { FileIdError } from './errors.js';
import { effectiveSource } from './file-id.js';
import { DEFAULT_SUB_VERSION, FileType, PHOTO_FILE_TYPES, type FileId } from './types.js';

const EMPTY = new Uint8Array(0);
/** tdlib's dialog id ranges (spec §7.6). */
const CHANNEL_BASE = -1_000_000_000_000;
const MAX_CHANNEL_ID = 1_000_000_000_000 - 2 ** 31;
const MAX_CHAT_ID = 999_999_999_999;

/** The Bot API dialog id of a peer: user id, `−chat_id`, `−1000000000000 − channel_id`. */
export function dialogIdOf(peer: Peer | InputPeer): number {
  switch (peer._) {
    case 'peerUser':
    case 'inputPeerUser':
    case 'inputPeerUserFromMessage':
      return peer.userId;
    case 'peerChat':
    case 'inputPeerChat':
      return -peer.chatId;
    case 'peerChannel':
    case 'inputPeerChannel':
    case 'inputPeerChannelFromMessage':
      return CHANNEL_BASE - peer.channelId;
    default:
      throw new FileIdError(`${peer._} has no dialog id`);
  }
}

/** The `InputPeer` of a dialog id and its access hash (0 for basic groups). */
export function inputPeerOfDialog(dialogId: number, accessHash: bigint): InputPeer {
  if (dialogId > 0) return { _: 'inputPeerUser', userId: dialogId, accessHash };
  if (dialogId < 0 && dialogId >= -MAX_CHAT_ID) return { _: 'inputPeerChat', chatId: -dialogId };
  if (dialogId < CHANNEL_BASE && dialogId >= CHANNEL_BASE - MAX_CHANNEL_ID) return { _: 'inputPeerChannel', channelId: CHANNEL_BASE - dialogId, accessHash };
  throw new FileIdError(`dialog id ${dialogId} names no user, group or channel (secret chats have no photos)`);
}

/** The input location a file id names (web files: {@link fileIdToInputWebFileLocation}). */
export function fileIdToInputFileLocation(id: FileId): InputFileLocation {
  const loc = id.location;
  const fileReference = id.fileReference ?? EMPTY;
  if (loc.kind === 'web') throw new FileIdError('a web file id has no InputFileLocation: use fileIdToInputWebFileLocation');
  if (loc.kind === 'common') {
    if (id.type === FileType.Encrypted) return { _: 'inputEncryptedFileLocation', id: loc.id, accessHash: loc.accessHash };
    if (id.type === FileType.SecureDecrypted || id.type === FileType.SecureEncrypted) return { _: 'inputSecureFileLocation', id: loc.id, accessHash: loc.accessHash };
    return { _: 'inputDocumentFileLocation', id: loc.id, accessHash: loc.accessHash, fileReference, thumbSize: '' };
  }
  const s = effectiveSource(loc);
  switch (s.kind) {
    case 'thumbnail':
      if (id.type === FileType.EncryptedThumbnail) throw new FileIdError('thumbnails of secret-chat files have no InputFileLocation');
      // a Thumbnail-typed id is a document's thumb; other photo types name a photo's size
      if (id.type === FileType.Thumbnail) return { _: 'inputDocumentFileLocation', id: loc.id, accessHash: loc.accessHash, fileReference, thumbSize: s.thumbType };
      return { _: 'inputPhotoFileLocation', id: loc.id, accessHash: loc.accessHash, fileReference, thumbSize: s.thumbType };
    case 'dialogPhoto':
      return { _: 'inputPeerPhotoFileLocation', ...(s.big ? { big: true } : {}), peer: inputPeerOfDialog(s.dialogId, s.dialogAccessHash), photoId: loc.id };
    case 'dialogPhotoLegacy':
      return {
        _: 'inputPeerPhotoFileLocationLegacy',
        ...(s.big ? { big: true } : {}),
        peer: inputPeerOfDialog(s.dialogId, s.dialogAccessHash),
        volumeId: s.volumeId,
        localId: s.localId,
      };
    case 'stickerSetThumbnail':
      return { _: 'inputStickerSetThumb', stickerset: { _: 'inputStickerSetID', id: s.setId, accessHash: s.setAccessHash }, thumbVersion: 0 };
    case 'stickerSetThumbnailVersion':
      return { _: 'inputStickerSetThumb', stickerset: { _: 'inputStickerSetID', id: s.setId, accessHash: s.setAccessHash }, thumbVersion: s.version };
    case 'stickerSetThumbnailLegacy':
      return { _: 'inputStickerSetThumbLegacy', stickerset: { _: 'inputStickerSetID', id: s.setId, accessHash: s.setAccessHash }, volumeId: s.volumeId, localId: s.localId };
    case 'fullLegacy':
      return { _: 'inputPhotoLegacyFileLocation', id: loc.id, accessHash: loc.accessHash, fileReference, volumeId: s.volumeId, localId: s.localId, secret: s.secret };
    default:
      throw new FileIdError(`a photo size source of kind ${s.kind} has no InputFileLocation`);
  }
}

/** The `inputWebFileLocation` of a web file id. */
export function fileIdToInputWebFileLocation(id: FileId): InputWebFileLocation {
  if (id.location.kind !== 'web') throw new FileIdError('not a web file id');
  return { _: 'inputWebFileLocation', url: id.location.url, accessHash: id.location.accessHash };
}

/** The `inputDocument` of a document-class file id (to send the file again). */
export function fileIdToInputDocument(id: FileId): InputDocument {
  if (id.location.kind !== 'common' || PHOTO_FILE_TYPES.has(id.type)) throw new FileIdError(`file type ${id.type} is not a document`);
  return { _: 'inputDocument', id: id.location.id, accessHash: id.location.accessHash, fileReference: id.fileReference ?? EMPTY };
}

/** The `inputPhoto` of a photo file id (to send the photo again). */
export function fileIdToInputPhoto(id: FileId): InputPhoto {
  if (id.location.kind !== 'photo' || id.type !== FileType.Photo) throw new FileIdError(`file type ${id.type} is not a photo`);
  return { _: 'inputPhoto', id: id.location.id, accessHash: id.location.accessHash, fileReference: id.fileReference ?? EMPTY };
}

/** The file type of a document by its attributes (sticker, video note, animation, video, voice, audio, else document). */
export function documentFileType(doc: Pick<RawDocument, 'attributes'>): number {
  const attrs = doc.attributes;
  const has = (name: string): boolean => attrs.some((a) => a._ === name);
  if (has('documentAttributeSticker')) return FileType.Sticker;
  for (const a of attrs) if (a._ === 'documentAttributeVideo') return a.roundMessage ? FileType.VideoNote : has('documentAttributeAnimated') ? FileType.Animation : FileType.Video;
  if (has('documentAttributeAnimated')) return FileType.Animation;
  for (const a of attrs) if (a._ === 'documentAttributeAudio') return a.voice ? FileType.VoiceNote : FileType.Audio;
  return FileType.Document;
}

function referenceOf(bytes: Uint8Array): { fileReference?: Uint8Array } {
  return bytes.length > 0 ? { fileReference: bytes } : {};
}

/** The file id of a `document` (type from its attributes unless given). */
export function fileIdFromDocument(doc: RawDocument, type = documentFileType(doc), subVersion = DEFAULT_SUB_VERSION): FileId {
  return { type, dcId: doc.dcId, ...referenceOf(doc.fileReference), location: { kind: 'common', id: doc.id, accessHash: doc.accessHash }, version: 4, subVersion };
}

/** A size of a photo, or a thumb of a document: both are photo locations with a thumbnail source of `type`. */
function sizeFileId(type: 0 | 2, o: RawDocument | RawPhoto, thumbType: string, subVersion: number): FileId {
  return {
    type,
    dcId: o.dcId,
    ...referenceOf(o.fileReference),
    location: { kind: 'photo', id: o.id, accessHash: o.accessHash, source: { kind: 'thumbnail', fileType: type, thumbType } },
    version: 4,
    subVersion,
  };
}

/** The file id of one thumb (`thumbType`, e.g. `m`) of a document. */
export function fileIdFromDocumentThumb(doc: RawDocument, thumbType: string, subVersion = DEFAULT_SUB_VERSION): FileId {
  return sizeFileId(FileType.Thumbnail, doc, thumbType, subVersion);
}

/** The largest downloadable size type of a photo. */
function largestSize(sizes: PhotoSize[]): string {
  for (let i = sizes.length - 1; i >= 0; i--) {
    const s = sizes[i]!;
    if (s._ === 'photoSize' || s._ === 'photoSizeProgressive') return s.type;
  }
  throw new FileIdError('the photo has no downloadable size');
}

/** The file id of size `thumbType` of a `photo` (default: its largest). */
export function fileIdFromPhoto(photo: RawPhoto, thumbType = largestSize(photo.sizes), subVersion = DEFAULT_SUB_VERSION): FileId {
  return sizeFileId(FileType.Photo, photo, thumbType, subVersion);
}

/** The file id of a user's or chat's photo (`userProfilePhoto` / `chatPhoto` fields plus the peer). */
export function fileIdFromPeerPhoto(
  o: { photoId: bigint; dcId: number; big: boolean; peer: InputPeer | Peer; peerAccessHash?: bigint },
  subVersion = DEFAULT_SUB_VERSION,
): FileId {
  const accessHash = o.peerAccessHash ?? ('accessHash' in o.peer ? o.peer.accessHash : 0n);
  return {
    type: FileType.ProfilePhoto,
    dcId: o.dcId,
    location: { kind: 'photo', id: o.photoId, accessHash: 0n, source: { kind: 'dialogPhoto', big: o.big, dialogId: dialogIdOf(o.peer), dialogAccessHash: accessHash } },
    version: 4,
    subVersion,
  };
}
