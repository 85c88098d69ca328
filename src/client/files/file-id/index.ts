/**
 * Bot API file ids (`file_id`, `file_unique_id`): decode, encode, and convert to and from TL
 * locations. Pure functions: no Node API, no network.
 *
 * ```ts
 * const id = decodeFileId('BQACAgIAAx…');
 * const location = fileIdToInputFileLocation(id);      // for upload.getFile
 * const unique = encodeFileUniqueId(fileUniqueIdOf(id));
 * ```
 * @module
 */
export { FileIdError } from './errors.js';
export { decodeFileId, encodeFileId, effectiveSource } from './file-id.js';
export { decodeFileUniqueId, encodeFileUniqueId, fileUniqueIdOf } from './unique-id.js';
export {
  dialogIdOf,
  documentFileType,
  fileIdFromDocument,
  fileIdFromDocumentThumb,
  fileIdFromPeerPhoto,
  fileIdFromPhoto,
  fileIdToInputDocument,
  fileIdToInputFileLocation,
  fileIdToInputPhoto,
  fileIdToInputWebFileLocation,
  inputPeerOfDialog,
} from './convert.js';
export { DEFAULT_SUB_VERSION, FILE_TYPE_COUNT, FileType, PHOTO_FILE_TYPES } from './types.js';
export type { CommonFileLocation, FileId, FileLocation, FileTypeId, FileUniqueId, PhotoFileLocation, PhotoSizeSource, WebFileLocation } from './types.js';

import { decodeFileId } from './file-id.js';
import { encodeFileUniqueId, fileUniqueIdOf } from './unique-id.js';

/** The `file_unique_id` of a `file_id`. */
export function uniqueIdOfFileId(fileId: string): string {
  return encodeFileUniqueId(fileUniqueIdOf(decodeFileId(fileId)));
}
