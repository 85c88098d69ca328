/**
 * What a Bot API `file_id` / `file_unique_id` holds (tdlib's persistent file ids; layout in
 * spec/files.md §7 of the project's shared material, from tdlib FileLocation.hpp / FileType.h).
 * @module
 */

/** tdlib file types (the `type` of a file id). */
export const FileType = {
  Thumbnail: 0,
  ProfilePhoto: 1,
  Photo: 2,
  VoiceNote: 3,
  Video: 4,
  Document: 5,
  Encrypted: 6,
  Temp: 7,
  Sticker: 8,
  Audio: 9,
  Animation: 10,
  EncryptedThumbnail: 11,
  Wallpaper: 12,
  VideoNote: 13,
  SecureDecrypted: 14,
  SecureEncrypted: 15,
  Background: 16,
  DocumentAsFile: 17,
  Ringtone: 18,
  CallLog: 19,
  PhotoStory: 20,
  VideoStory: 21,
  SelfDestructingPhoto: 22,
  SelfDestructingVideo: 23,
  SelfDestructingVideoNote: 24,
  SelfDestructingVoiceNote: 25,
} as const;

/** A value of {@link FileType}. */
export type FileTypeId = (typeof FileType)[keyof typeof FileType];

/** Number of file types (ids at or above it are unknown). */
export const FILE_TYPE_COUNT = 26;

/** File types whose location is a photo location (id, access hash, size source). */
export const PHOTO_FILE_TYPES: ReadonlySet<number> = new Set([0, 1, 2, 11, 12, 20, 22]);

/** Where a photo-class file's size comes from (tdlib `PhotoSizeSource`, kinds 0–9). */
export type PhotoSizeSource =
  /** 0: an old photo size by secret (only in ids of sub-version < 32, with the volume fields). */
  | { kind: 'legacy'; secret: bigint }
  /** 1: a size `thumbType` of a photo (`fileType` 2), of a document's thumb (0) or an encrypted thumb (11). */
  | { kind: 'thumbnail'; fileType: number; thumbType: string }
  /** 2 / 3: a chat's or user's photo, small or big. */
  | { kind: 'dialogPhoto'; big: boolean; dialogId: number; dialogAccessHash: bigint }
  /** 4: a sticker set's thumbnail. */
  | { kind: 'stickerSetThumbnail'; setId: bigint; setAccessHash: bigint }
  /** 5: a size by volume and local id. */
  | { kind: 'fullLegacy'; volumeId: bigint; secret: bigint; localId: number }
  /** 6 / 7: a dialog photo by volume and local id. */
  | { kind: 'dialogPhotoLegacy'; big: boolean; dialogId: number; dialogAccessHash: bigint; volumeId: bigint; localId: number }
  /** 8: a sticker set thumbnail by volume and local id. */
  | { kind: 'stickerSetThumbnailLegacy'; setId: bigint; setAccessHash: bigint; volumeId: bigint; localId: number }
  /** 9: a sticker set thumbnail by version. */
  | { kind: 'stickerSetThumbnailVersion'; setId: bigint; setAccessHash: bigint; version: number };

/** A web file (`inputWebFileLocation`). */
export interface WebFileLocation {
  kind: 'web';
  url: string;
  accessHash: bigint;
}

/** A photo-class file. */
export interface PhotoFileLocation {
  kind: 'photo';
  id: bigint;
  accessHash: bigint;
  /** The source as written in the id. */
  source: PhotoSizeSource;
  /** Ids of sub-version < 32 also carry a volume and local id around the source. */
  legacy?: { volumeId: bigint; localId: number };
}

/** Any other file (documents and their kinds, encrypted and secure files). */
export interface CommonFileLocation {
  kind: 'common';
  id: bigint;
  accessHash: bigint;
}

export type FileLocation = WebFileLocation | PhotoFileLocation | CommonFileLocation;

/** A decoded `file_id`. */
export interface FileId {
  type: number;
  dcId: number;
  /** Absent when the id has none (profile photos, old ids). */
  fileReference?: Uint8Array;
  location: FileLocation;
  /** Persistent-id version: 4 (current) or 2 (old ids without a sub-version). */
  version: 2 | 4;
  /** tdlib serialisation version the body was written with (0 for version 2). */
  subVersion: number;
  /** Bytes some old (version 2) ids carry after the location, kept so they re-encode exactly. */
  trailing?: Uint8Array;
}

/** A decoded `file_unique_id`. */
export type FileUniqueId =
  | { kind: 'web'; url: string }
  /** A photo size by photo id and size byte (`a`→0, `c`→1, other types char+5; dialog photos 0 small / 1 big). */
  | { kind: 'photo'; id: bigint; subType: number }
  /** A photo size by volume and local id (legacy sources). */
  | { kind: 'photoLegacy'; volumeId: bigint; localId: number }
  | { kind: 'stickerSetThumbnail'; setId: bigint; version: number }
  | { kind: 'document' | 'secure' | 'encrypted' | 'temp'; id: bigint };

/** Sub-version written by {@link encodeFileId} when none is given (tdlib accepts any ≥ 32; mtcute up to 58). */
export const DEFAULT_SUB_VERSION = 54;
