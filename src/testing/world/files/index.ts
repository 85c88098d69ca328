/**
 * The files area of the simulated Telegram (spec/files.md): uploads, stored files, photos,
 * documents, peer photos, downloads, and the master side of the CDN.
 * @module
 */
export { FilesArea } from './area.js';
export type { FilesOptions } from './area.js';
export { DEFAULT_FILE_SWITCHES, FILE_INFERRED_BEHAVIOUR, FILE_INFERRED_ERRORS } from './file-rules.js';
export type { FileErrorKey, FileSwitches } from './file-rules.js';
export type { CdnHooks } from './cdn-hooks.js';
export type { BlobRecord, DocumentRecord, FileOrigin, MediaRef, MediaViews, PeerPhotosRecord, PhotoRecord, SizeRecord } from './types.js';
export { mediaFromInput, uploadedDocument, uploadedPhoto, uploadedPeerPhoto } from './media.js';
export type { MediaCaller } from './media.js';
export { documentView, mediaView, photoView } from './views.js';
export { resolveMediaPeer } from './handlers/media.js';
export { peerPhotoKey, setPeerPhoto } from './peer-photos.js';
export { seedDocument, seedPeerPhoto, seedPhoto } from './seed.js';
export type { SeedDocumentOptions } from './seed.js';
