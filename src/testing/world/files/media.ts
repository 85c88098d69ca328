/**
 * Photos and documents made from `InputMedia` (spec §3.5–3.7): consuming the uploaded files, the
 * photo checks, document attributes and thumbs, and resends of existing media by id and reference.
 * @module
 */
import type { DocumentAttribute, InputFile, InputMedia } from '../../../tl/index.js';
import { rpcFail } from '../errors.js';
import { randomLong } from '../random.js';
import type { UserRecord } from '../types.js';
import type { FilesArea } from './area.js';
import { checkInputFile, uploadHead, type ConsumedFile } from './consume.js';
import { failFiles } from './file-errors.js';
import { documentThumbs, photoSizes, profilePhotoSizes } from './photo-sizes.js';
import { imageSize, SNIFF_BYTES, type ImageSize } from './sniff.js';
import type { BlobRecord, DocumentRecord, MediaRef, PhotoRecord, SizeRecord } from './types.js';

/** Who creates the media, where and when. */
export interface MediaCaller {
  user: UserRecord;
  dcId: number;
  now: number;
}

/** Extensions a photo upload's name may have (when it has one). */
const PHOTO_EXTENSIONS = new Set(['jpg', 'jpeg', 'jfif', 'png', 'webp', 'gif', 'bmp', 'tif', 'tiff', 'heic', 'heif']);

/** Checks an InputFile and reads its head (for image headers) without storing it yet. */
function consume(files: FilesArea, file: InputFile, caller: MediaCaller): { consumed: ConsumedFile; head: Uint8Array; size: number } {
  const ctx = { userId: caller.user.id, dcId: caller.dcId, premium: caller.user.premium };
  const consumed = checkInputFile(files.uploads, files.storage(), file, ctx, files.partLimit(caller.user.premium));
  if (consumed.reusedBlobId !== undefined) {
    const blob = files.blob(consumed.reusedBlobId);
    if (!blob) return failFiles('mediaUnknown');
    return { consumed, head: files.read(blob, 0, SNIFF_BYTES), size: blob.size };
  }
  return { consumed, head: uploadHead(files.storage(), consumed, SNIFF_BYTES), size: consumed.layout!.size };
}

/** Spec §3.5 checks of a photo upload, in order: extension, size, decodable, dimensions. */
function checkPhoto(files: FilesArea, name: string, head: Uint8Array, size: number): ImageSize {
  const dot = name.lastIndexOf('.');
  if (dot >= 0 && !PHOTO_EXTENSIONS.has(name.slice(dot + 1).toLowerCase())) failFiles('photoExtInvalid');
  if (size > files.switches.photoMaxBytes) rpcFail(400, 'PHOTO_SAVE_FILE_INVALID');
  const dims = imageSize(head);
  if (!dims) return failFiles('imageUndecodable');
  const ratio = Math.max(dims.w, dims.h) / Math.min(dims.w, dims.h);
  if (dims.w + dims.h > files.switches.photoMaxDimensionSum || ratio > files.switches.photoMaxRatio) rpcFail(400, 'PHOTO_INVALID_DIMENSIONS');
  return dims;
}

function newPhoto(files: FilesArea, blob: BlobRecord, dims: ImageSize, sizes: SizeRecord[], now: number): MediaRef {
  const record: PhotoRecord = { id: randomLong(), accessHash: randomLong(), date: now, dcId: blob.dcId, blobId: blob.id, sizes, holders: 0, w: dims.w, h: dims.h };
  const ref: MediaRef = { kind: 'photo', id: record.id };
  files.addMedia(ref, record);
  return ref;
}

/** A message photo from an uploaded file. */
export function uploadedPhoto(files: FilesArea, file: InputFile, caller: MediaCaller): MediaRef {
  const { consumed, head, size } = consume(files, file, caller);
  const dims = checkPhoto(files, consumed.name, head, size);
  const blob = files.commitUpload(consumed, caller.dcId, caller.now);
  return newPhoto(files, blob, dims, photoSizes(dims.w, dims.h, blob.id), caller.now);
}

/** A profile or chat photo from an uploaded file (square crops, spec §4.4). */
export function uploadedPeerPhoto(files: FilesArea, file: InputFile, caller: MediaCaller): MediaRef {
  const { consumed, head, size } = consume(files, file, caller);
  const dims = checkPhoto(files, consumed.name, head, size);
  const blob = files.commitUpload(consumed, caller.dcId, caller.now);
  return newPhoto(files, blob, dims, profilePhotoSizes(dims.w, dims.h, blob.id), caller.now);
}

/** Attributes kept as given, plus the file name when none was given (spec §3.6). */
function documentAttributes(attributes: DocumentAttribute[], name: string): DocumentAttribute[] {
  if (attributes.some((a) => a._ === 'documentAttributeFilename') || name === '') return attributes;
  return [...attributes, { _: 'documentAttributeFilename', fileName: name }];
}

/** Spec §3.6: a given thumbnail must be a small image. */
function thumbOf(files: FilesArea, thumb: InputFile, caller: MediaCaller): { blob: BlobRecord; dims: ImageSize } {
  const { consumed, head, size } = consume(files, thumb, caller);
  const dims = imageSize(head);
  if (!dims || size > files.switches.thumbMaxBytes || Math.max(dims.w, dims.h) > files.switches.thumbMaxSide) failFiles('thumbInvalid');
  return { blob: files.commitUpload(consumed, caller.dcId, caller.now), dims };
}

/** A document from an uploaded file (and optional thumb). */
export function uploadedDocument(
  files: FilesArea,
  input: { file: InputFile; thumb?: InputFile; mimeType: string; attributes: DocumentAttribute[] },
  caller: MediaCaller,
): MediaRef {
  const { consumed, head, size } = consume(files, input.file, caller);
  const thumb = input.thumb ? thumbOf(files, input.thumb, caller) : undefined;
  const blob = files.commitUpload(consumed, caller.dcId, caller.now);
  let thumbs: SizeRecord[] = [];
  if (thumb) thumbs = documentThumbs(thumb.dims.w, thumb.dims.h, thumb.blob.id);
  else {
    const dims = input.mimeType.startsWith('image/') && size <= files.switches.photoMaxBytes ? imageSize(head) : undefined;
    if (dims) thumbs = documentThumbs(dims.w, dims.h, blob.id);
  }
  const record: DocumentRecord = {
    id: randomLong(),
    accessHash: randomLong(),
    date: caller.now,
    dcId: blob.dcId,
    blobId: blob.id,
    mimeType: input.mimeType,
    attributes: documentAttributes(input.attributes, consumed.name),
    thumbs,
    holders: 0,
  };
  const ref: MediaRef = { kind: 'document', id: record.id };
  files.addMedia(ref, record);
  return ref;
}

/** Spec §3.7: an existing photo or document named by id, access hash and a valid reference. */
export function existingMedia(
  files: FilesArea,
  kind: 'photo' | 'document',
  input: { _: string; id?: bigint; accessHash?: bigint; fileReference?: Uint8Array },
  now: number,
): MediaRef {
  if (input.id === undefined || input.accessHash === undefined || input.fileReference === undefined) return failFiles('mediaUnknown');
  const ref: MediaRef = { kind, id: input.id };
  const record = files.media(ref);
  if (!record || record.accessHash !== input.accessHash) return failFiles('mediaUnknown');
  const check = files.references.check(kind, input.id, input.fileReference, now, files.switches.referenceLifetimeSeconds);
  if (check === 'empty') rpcFail(400, 'FILE_REFERENCE_EMPTY');
  if (check === 'invalid') rpcFail(400, 'FILE_REFERENCE_INVALID');
  if (check === 'expired') rpcFail(400, 'FILE_REFERENCE_EXPIRED');
  return ref;
}

/** The media an `InputMedia` names or creates. */
export function mediaFromInput(files: FilesArea, media: InputMedia, caller: MediaCaller): MediaRef {
  switch (media._) {
    case 'inputMediaEmpty':
      return rpcFail(400, 'MEDIA_EMPTY');
    case 'inputMediaUploadedPhoto':
      return uploadedPhoto(files, media.file, caller);
    case 'inputMediaUploadedDocument':
      return uploadedDocument(files, { file: media.file, mimeType: media.mimeType, attributes: media.attributes, ...(media.thumb ? { thumb: media.thumb } : {}) }, caller);
    case 'inputMediaPhoto':
      return existingMedia(files, 'photo', media.id, caller.now);
    case 'inputMediaDocument':
      return existingMedia(files, 'document', media.id, caller.now);
    default:
      return failFiles('mediaUnsupported');
  }
}
