/**
 * `sendFile`: upload, then `messages.sendMedia` with an `inputMediaUploadedPhoto` or
 * `inputMediaUploadedDocument` (file name, MIME type and the caller's attributes), the caption parsed
 * as HTML or MarkdownV2 when asked. Resolves with the sent message found in the answer.
 * @module
 */
import { randomBytes } from '../../crypto/index.js';
import { BadArgumentError } from '../../errors.js';
import type { DocumentAttribute, InputMedia, InputPeer, InputReplyTo, MessageEntity, RawMessage, Updates } from '../../tl/index.js';
import type { Invoker } from '../invoke/types.js';
import { parseHtml } from '../text/html-parse.js';
import { parseMarkdown } from '../text/markdown-parse.js';
import type { FormattedText } from '../text/types.js';
import { uploadFile, type UploadOptions } from './upload.js';
import type { UploadSource } from './source.js';

/** Options of {@link sendFile}. */
export interface SendFileOptions extends UploadOptions {
  /** Caption: plain text (or markup with `parseMode`), or text with entities. */
  caption?: string | FormattedText;
  /** How to read a string caption (default: plain text). */
  parseMode?: 'html' | 'markdown';
  /** `photo` (compressed, with sizes) or `document` (the file as it is). Default `document`. */
  kind?: 'photo' | 'document';
  /** Document attributes (video, audio, image size…); a file name attribute is added from `name` when missing. */
  attributes?: DocumentAttribute[];
  /** MIME type of a document (default: from the name's extension, else `application/octet-stream`). */
  mimeType?: string;
  /** Send a document as a file even when its type would show as media. */
  forceFile?: boolean;
  silent?: boolean;
  replyTo?: InputReplyTo;
}

/** What {@link sendFile} resolves with. */
export interface SentFile {
  /** The new message as the answer carries it (undefined when the answer did not include it). */
  message: RawMessage | undefined;
  updates: Updates;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
  mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', mkv: 'video/x-matroska',
  mp3: 'audio/mpeg', ogg: 'audio/ogg', oga: 'audio/ogg', m4a: 'audio/mp4', flac: 'audio/flac', wav: 'audio/wav',
  pdf: 'application/pdf', zip: 'application/zip', txt: 'text/plain', json: 'application/json', html: 'text/html',
};

/** A MIME type from a file name's extension. */
export function mimeTypeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot >= 0 && MIME_BY_EXTENSION[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}

function captionOf(o: SendFileOptions): FormattedText {
  const c = o.caption;
  if (c === undefined) return { text: '', entities: [] };
  if (typeof c !== 'string') return c;
  if (o.parseMode === 'html') return parseHtml(c);
  if (o.parseMode === 'markdown') return parseMarkdown(c);
  if (o.parseMode !== undefined) throw new BadArgumentError('parseMode', `must be 'html' or 'markdown', got ${String(o.parseMode)}`);
  return { text: c, entities: [] };
}

function newRandomId(): bigint {
  const b = randomBytes(8);
  return new DataView(b.buffer).getBigInt64(0, true);
}

/** The sent message in an `Updates` answer, by its random id. */
function sentMessage(updates: Updates, randomId: bigint): RawMessage | undefined {
  if (updates._ !== 'updates' && updates._ !== 'updatesCombined') return undefined;
  const id = updates.updates.find((u) => u._ === 'updateMessageID' && u.randomId === randomId);
  for (const u of updates.updates) {
    if ((u._ === 'updateNewMessage' || u._ === 'updateNewChannelMessage' || u._ === 'updateNewScheduledMessage') && u.message._ === 'message') {
      if (!id || (id._ === 'updateMessageID' && u.message.id === id.id)) return u.message;
    }
  }
  return undefined;
}

/** Uploads `source` and sends it to `peer` as a photo or a document. */
export async function sendFile(invoke: Invoker, peer: InputPeer, source: UploadSource, options: SendFileOptions = {}): Promise<SentFile> {
  const caption = captionOf(options); // bad markup fails before anything is uploaded
  const kind = options.kind ?? 'document';
  if (kind !== 'photo' && kind !== 'document') throw new BadArgumentError('kind', `must be 'photo' or 'document', got ${String(kind)}`);
  const file = await uploadFile(invoke, source, options);
  const name = 'name' in file ? file.name : 'file';
  let media: InputMedia;
  if (kind === 'photo') media = { _: 'inputMediaUploadedPhoto', file };
  else {
    const attributes = [...(options.attributes ?? [])];
    if (!attributes.some((a) => a._ === 'documentAttributeFilename')) attributes.push({ _: 'documentAttributeFilename', fileName: name });
    media = { _: 'inputMediaUploadedDocument', file, mimeType: options.mimeType ?? mimeTypeOf(name), attributes, ...(options.forceFile ? { forceFile: true } : {}) };
  }
  const randomId = newRandomId();
  const entities: MessageEntity[] = caption.entities;
  const updates = (await invoke(
    {
      _: 'messages.sendMedia',
      peer,
      media,
      message: caption.text,
      randomId,
      ...(entities.length > 0 ? { entities } : {}),
      ...(options.silent ? { silent: true } : {}),
      ...(options.replyTo ? { replyTo: options.replyTo } : {}),
    },
    options.signal ? { signal: options.signal } : {},
  )) as Updates;
  return { message: sentMessage(updates, randomId), updates };
}
