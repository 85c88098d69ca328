/**
 * `file_unique_id` ⇄ {@link FileUniqueId}: `base64url(zero_rle(int32 class ‖ key))`, the same for
 * every user and bot that sees the file (spec/files.md §7.9, tdlib `AsUnique`).
 * @module
 */
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { IdReader, IdWriter } from './binary.js';
import { FileIdError } from './errors.js';
import { effectiveSource } from './file-id.js';
import { zeroDecode, zeroEncode } from './rle.js';
import { FileType, PHOTO_FILE_TYPES, type FileId, type FileUniqueId } from './types.js';

const enum UniqueClass {
  Web = 0,
  Photo = 1,
  Document = 2,
  Secure = 3,
  Encrypted = 4,
  Temp = 5,
}

/** The size byte of a photo's unique id: `a` → 0, `c` → 1 (the same as small/big dialog photos), others char + 5. */
function thumbByte(thumbType: string): number {
  if (thumbType === 'a') return 0;
  if (thumbType === 'c') return 1;
  return (thumbType.charCodeAt(0) + 5) & 0xff;
}

function classOf(type: number): 'document' | 'secure' | 'encrypted' | 'temp' {
  if (type === FileType.SecureDecrypted || type === FileType.SecureEncrypted) return 'secure';
  if (type === FileType.Encrypted) return 'encrypted';
  if (type === FileType.Temp) return 'temp';
  return 'document';
}

/** The unique id of a file id. */
export function fileUniqueIdOf(id: FileId): FileUniqueId {
  const loc = id.location;
  if (loc.kind === 'web') return { kind: 'web', url: loc.url };
  if (loc.kind === 'common' || !PHOTO_FILE_TYPES.has(id.type)) return { kind: classOf(id.type), id: loc.id };
  const s = effectiveSource(loc);
  switch (s.kind) {
    case 'thumbnail':
      return { kind: 'photo', id: loc.id, subType: thumbByte(s.thumbType) };
    case 'dialogPhoto':
      // the dialog does not matter: one photo has one unique id wherever it shows
      return { kind: 'photo', id: loc.id, subType: s.big ? 1 : 0 };
    case 'fullLegacy':
    case 'dialogPhotoLegacy':
    case 'stickerSetThumbnailLegacy':
      return { kind: 'photoLegacy', volumeId: s.volumeId, localId: s.localId };
    case 'stickerSetThumbnailVersion':
      return { kind: 'stickerSetThumbnail', setId: s.setId, version: s.version };
    default:
      throw new FileIdError(`a photo size source of kind ${s.kind} has no unique id`);
  }
}

/** Encodes a {@link FileUniqueId}. */
export function encodeFileUniqueId(u: FileUniqueId): string {
  const w = new IdWriter();
  switch (u.kind) {
    case 'web':
      w.int(UniqueClass.Web).string(u.url);
      break;
    case 'photo':
      w.int(UniqueClass.Photo).long(u.id).byte(u.subType);
      break;
    case 'photoLegacy':
      w.int(UniqueClass.Photo).long(u.volumeId).int(u.localId);
      break;
    case 'stickerSetThumbnail':
      w.int(UniqueClass.Photo).byte(2).long(u.setId).int(u.version);
      break;
    default: {
      const cls = { document: UniqueClass.Document, secure: UniqueClass.Secure, encrypted: UniqueClass.Encrypted, temp: UniqueClass.Temp }[u.kind];
      w.int(cls).long(u.id);
    }
  }
  return base64urlEncode(zeroEncode(w.finish()));
}

/** Decodes a `file_unique_id`. */
export function decodeFileUniqueId(uniqueId: string): FileUniqueId {
  if (typeof uniqueId !== 'string' || uniqueId.length === 0) throw new FileIdError('a file unique id must be a non-empty string');
  const r = new IdReader(zeroDecode(base64urlDecode(uniqueId)));
  const cls = r.int('class');
  let out: FileUniqueId;
  switch (cls) {
    case UniqueClass.Web:
      out = { kind: 'web', url: r.string('url') };
      break;
    case UniqueClass.Photo:
      if (r.remaining === 9) out = { kind: 'photo', id: r.long('id'), subType: r.byte('size') };
      else if (r.remaining === 12) out = { kind: 'photoLegacy', volumeId: r.long('volume id'), localId: r.int('local id') };
      else if (r.remaining === 13 && r.byte('marker') === 2) out = { kind: 'stickerSetThumbnail', setId: r.long('set id'), version: r.int('version') };
      else throw new FileIdError(`a photo unique id with a key of ${r.remaining} bytes`);
      break;
    case UniqueClass.Document:
    case UniqueClass.Secure:
    case UniqueClass.Encrypted:
    case UniqueClass.Temp: {
      const kind = (['document', 'secure', 'encrypted', 'temp'] as const)[cls - UniqueClass.Document]!;
      out = { kind, id: r.long('id') };
      break;
    }
    default:
      throw new FileIdError(`unknown unique id class ${cls}`);
  }
  if (r.remaining !== 0) throw new FileIdError(`${r.remaining} unexpected bytes after the key`);
  return out;
}
