/**
 * Files: parallel uploads and downloads with progress and cancellation, CDN downloads with hash checks,
 * file references refreshed through their origin, `sendFile`, and Bot API file ids (`file-id/`).
 *
 * Every function takes an {@link Invoker} first (tree-shakeable); `client.files` binds them to a client.
 *
 * ```ts
 * const file = await client.files.upload('./video.mp4', { onProgress: (done, total) => … });
 * const { message } = await client.files.sendFile(peer, './report.pdf', { caption: '<b>Q3</b>', parseMode: 'html' });
 * for await (const chunk of client.files.stream(message!)) sink.write(chunk);
 * ```
 * @module
 */
import type { InputFile, InputPeer } from '../../tl/index.js';
import type { Invoker } from '../invoke/types.js';
import { downloadFile, downloadStream, downloadToFile, type DownloadOptions } from './download.js';
import type { Downloadable } from './locations.js';
import { sendFile, type SendFileOptions, type SentFile } from './send.js';
import type { UploadSource } from './source.js';
import { uploadFile, type UploadOptions } from './upload.js';

export { uploadFile, type UploadOptions } from './upload.js';
export { downloadFile, downloadStream, downloadToFile, planChunks, type DownloadOptions } from './download.js';
export { sendFile, mimeTypeOf, type SendFileOptions, type SentFile } from './send.js';
export { fileTarget, peerPhotoTarget, type Downloadable, type FileTarget, type TargetOptions } from './locations.js';
export type { UploadSource } from './source.js';
export type { FetchStats } from './fetcher.js';
export type { ProgressCallback } from './transfer.js';
export { cdnIv } from './cdn.js';
export * as rules from './rules.js';

/** The file functions bound to one invoker (`client.files`). */
export class FilesApi {
  constructor(private readonly invoke: Invoker) {}

  /** Uploads a source (bytes, file path, Blob, stream); see {@link uploadFile}. */
  upload(source: UploadSource, options?: UploadOptions): Promise<InputFile> {
    return uploadFile(this.invoke, source, options);
  }

  /** Downloads into memory; see {@link downloadFile}. */
  download(input: Downloadable, options?: DownloadOptions): Promise<Uint8Array> {
    return downloadFile(this.invoke, input, options);
  }

  /** Downloads to a file path; see {@link downloadToFile}. */
  downloadToFile(input: Downloadable, path: string, options?: DownloadOptions): Promise<number> {
    return downloadToFile(this.invoke, input, path, options);
  }

  /** The file as an ordered async iterable with bounded memory; see {@link downloadStream}. */
  stream(input: Downloadable, options?: DownloadOptions): AsyncGenerator<Uint8Array, void, undefined> {
    return downloadStream(this.invoke, input, options);
  }

  /** Uploads and sends as a photo or document; see {@link sendFile}. */
  sendFile(peer: InputPeer, source: UploadSource, options?: SendFileOptions): Promise<SentFile> {
    return sendFile(this.invoke, peer, source, options);
  }
}
