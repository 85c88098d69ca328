/**
 * `file_id` ⇄ {@link FileId}: `base64url(zero_rle(body) ‖ sub_version ‖ 0x04)` (old ids: `… ‖ 0x02`,
 * no sub-version), body = `type | web flag | reference flag`, `dc_id`, [reference], location.
 * Decoding keeps everything needed to re-encode an id byte for byte at its own sub-version.
 * @module
 */
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { IdReader, IdWriter } from './binary.js';
import { FileIdError } from './errors.js';
import { zeroDecode, zeroEncode } from './rle.js';
import { FILE_TYPE_COUNT, FileType, PHOTO_FILE_TYPES, type FileId, type FileLocation, type PhotoFileLocation, type PhotoSizeSource } from './types.js';

const WEB_FLAG = 1 << 24;
const REFERENCE_FLAG = 1 << 25;
const VERSION = 4;
const VERSION_OLD = 2;
const VERSION_GENERATED = 3;
/** Sub-versions from which photo locations carry only a source (tdlib RemovePhotoVolumeAndLocalId). */
const SOURCE_ONLY = 32;
/** Sub-versions from which a source sits between volume and local id (tdlib AddPhotoSizeSource). */
const WITH_SOURCE = 22;

function dialogIdOf(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new FileIdError(`dialog id ${v} is out of range`);
  return Number(v);
}

function readSource(r: IdReader): PhotoSizeSource {
  const kind = r.int('photo size source');
  switch (kind) {
    case 0:
      return { kind: 'legacy', secret: r.long('secret') };
    case 1: {
      const fileType = r.int('thumbnail file type');
      const thumb = r.int('thumbnail type');
      if (thumb < 0 || thumb > 255) throw new FileIdError(`bad thumbnail type ${thumb}`);
      return { kind: 'thumbnail', fileType, thumbType: String.fromCharCode(thumb) };
    }
    case 2:
    case 3:
      return { kind: 'dialogPhoto', big: kind === 3, dialogId: dialogIdOf(r.long('dialog id')), dialogAccessHash: r.long('dialog access hash') };
    case 4:
      return { kind: 'stickerSetThumbnail', setId: r.long('set id'), setAccessHash: r.long('set access hash') };
    case 5:
      return { kind: 'fullLegacy', volumeId: r.long('volume id'), secret: r.long('secret'), localId: r.int('local id') };
    case 6:
    case 7:
      return {
        kind: 'dialogPhotoLegacy',
        big: kind === 7,
        dialogId: dialogIdOf(r.long('dialog id')),
        dialogAccessHash: r.long('dialog access hash'),
        volumeId: r.long('volume id'),
        localId: r.int('local id'),
      };
    case 8:
      return { kind: 'stickerSetThumbnailLegacy', setId: r.long('set id'), setAccessHash: r.long('set access hash'), volumeId: r.long('volume id'), localId: r.int('local id') };
    case 9:
      return { kind: 'stickerSetThumbnailVersion', setId: r.long('set id'), setAccessHash: r.long('set access hash'), version: r.int('version') };
    default:
      throw new FileIdError(`unknown photo size source ${kind}`);
  }
}

function writeSource(w: IdWriter, s: PhotoSizeSource): void {
  switch (s.kind) {
    case 'legacy':
      w.int(0).long(s.secret);
      return;
    case 'thumbnail':
      if (s.thumbType.length !== 1 || s.thumbType.charCodeAt(0) > 255) throw new FileIdError(`thumbType must be one byte-sized character, got ${JSON.stringify(s.thumbType)}`);
      w.int(1).int(s.fileType).int(s.thumbType.charCodeAt(0));
      return;
    case 'dialogPhoto':
      w.int(s.big ? 3 : 2).long(BigInt(s.dialogId)).long(s.dialogAccessHash);
      return;
    case 'stickerSetThumbnail':
      w.int(4).long(s.setId).long(s.setAccessHash);
      return;
    case 'fullLegacy':
      w.int(5).long(s.volumeId).long(s.secret).int(s.localId);
      return;
    case 'dialogPhotoLegacy':
      w.int(s.big ? 7 : 6).long(BigInt(s.dialogId)).long(s.dialogAccessHash).long(s.volumeId).int(s.localId);
      return;
    case 'stickerSetThumbnailLegacy':
      w.int(8).long(s.setId).long(s.setAccessHash).long(s.volumeId).int(s.localId);
      return;
    case 'stickerSetThumbnailVersion':
      w.int(9).long(s.setId).long(s.setAccessHash).int(s.version);
      return;
  }
}

/**
 * The source a photo location means once the legacy fields of an old sub-version are folded in
 * (tdlib's conversion when it reads such ids): what locations and unique ids are made from.
 */
export function effectiveSource(location: PhotoFileLocation): PhotoSizeSource {
  const { source, legacy } = location;
  if (!legacy) return source;
  switch (source.kind) {
    case 'legacy':
      return { kind: 'fullLegacy', volumeId: legacy.volumeId, secret: source.secret, localId: legacy.localId };
    case 'dialogPhoto':
      return { kind: 'dialogPhotoLegacy', big: source.big, dialogId: source.dialogId, dialogAccessHash: source.dialogAccessHash, ...legacy };
    case 'stickerSetThumbnail':
      return { kind: 'stickerSetThumbnailLegacy', setId: source.setId, setAccessHash: source.setAccessHash, ...legacy };
    case 'thumbnail':
    case 'fullLegacy':
      return source;
    default:
      throw new FileIdError(`photo size source ${source.kind} cannot appear in an id of sub-version < ${SOURCE_ONLY}`);
  }
}

/** Spec §7.5: which file types each source may belong to. */
function checkSource(type: number, location: PhotoFileLocation): void {
  const s = effectiveSource(location);
  if (s.kind === 'thumbnail' && (s.fileType !== type || ![FileType.Photo, FileType.Thumbnail, FileType.EncryptedThumbnail].includes(type as 0 | 2 | 11))) {
    throw new FileIdError(`a thumbnail source of file type ${s.fileType} in a file id of type ${type}`);
  }
  if ((s.kind === 'dialogPhoto' || s.kind === 'dialogPhotoLegacy') && type !== FileType.ProfilePhoto) throw new FileIdError(`a dialog photo source in a file id of type ${type}`);
  if (s.kind.startsWith('stickerSet') && type !== FileType.Thumbnail) throw new FileIdError(`a sticker set thumbnail source in a file id of type ${type}`);
}

function readPhoto(r: IdReader, subVersion: number, type: number): PhotoFileLocation {
  const id = r.long('id');
  const accessHash = r.long('access_hash');
  let location: PhotoFileLocation;
  if (subVersion >= SOURCE_ONLY) location = { kind: 'photo', id, accessHash, source: readSource(r) };
  else if (subVersion >= WITH_SOURCE) {
    const volumeId = r.long('volume id');
    const source = readSource(r);
    location = { kind: 'photo', id, accessHash, source, legacy: { volumeId, localId: r.int('local id') } };
  } else {
    const volumeId = r.long('volume id');
    const secret = r.long('secret');
    location = { kind: 'photo', id, accessHash, source: { kind: 'legacy', secret }, legacy: { volumeId, localId: r.int('local id') } };
  }
  checkSource(type, location);
  return location;
}

/** Decodes a Bot API `file_id`; a malformed or unsupported one is a {@link FileIdError} saying why. */
export function decodeFileId(fileId: string): FileId {
  if (typeof fileId !== 'string' || fileId.length === 0) throw new FileIdError('a file id must be a non-empty string');
  const raw = base64urlDecode(fileId);
  if (raw.length < 2) throw new FileIdError(`a file id of ${raw.length} bytes is too short`);
  const version = raw[raw.length - 1]!;
  let subVersion = 0;
  let body: Uint8Array;
  if (version === VERSION) {
    subVersion = raw[raw.length - 2]!;
    body = raw.subarray(0, raw.length - 2);
  } else if (version === VERSION_OLD) body = raw.subarray(0, raw.length - 1);
  else if (version === VERSION_GENERATED) throw new FileIdError('a file id of version 3 names a locally generated file, not a remote one');
  else throw new FileIdError(`unknown file id version ${version}`);
  const r = new IdReader(zeroDecode(body));
  const word = r.int('type');
  const type = word & ~(WEB_FLAG | REFERENCE_FLAG);
  if (type < 0 || type >= FILE_TYPE_COUNT) throw new FileIdError(`unknown file type ${type}`);
  const dcId = r.int('dc_id');
  let fileReference: Uint8Array | undefined;
  if (word & REFERENCE_FLAG) {
    const ref = r.bytes('file_reference');
    // a lone '#' stands for "no reference"
    if (!(ref.length === 1 && ref[0] === 0x23)) fileReference = ref;
  }
  let location: FileLocation;
  if (word & WEB_FLAG) location = { kind: 'web', url: r.string('url'), accessHash: r.long('access_hash') };
  else if (type === FileType.Temp) throw new FileIdError('a file id of type Temp names no remote file');
  else if (PHOTO_FILE_TYPES.has(type)) location = readPhoto(r, subVersion, type);
  else location = { kind: 'common', id: r.long('id'), accessHash: r.long('access_hash') };
  // old ids written by the pre-tdlib Bot API may carry bytes after the location (tdlib ignores what it does not need)
  const trailing = version === VERSION_OLD && r.remaining > 0 ? r.rest() : undefined;
  if (r.remaining !== 0) throw new FileIdError(`${r.remaining} unexpected bytes after the location`);
  return { type, dcId, ...(fileReference ? { fileReference } : {}), location, version: version === VERSION ? 4 : 2, subVersion, ...(trailing ? { trailing } : {}) };
}

/** Encodes a {@link FileId} (its own `version` and `subVersion` decide the layout). */
export function encodeFileId(id: FileId): string {
  if (!Number.isInteger(id.type) || id.type < 0 || id.type >= FILE_TYPE_COUNT || id.type === FileType.Temp) throw new FileIdError(`cannot encode file type ${id.type}`);
  if (id.version === VERSION_OLD && id.fileReference) throw new FileIdError('old (version 2) file ids carry no file reference');
  const subVersion = id.version === VERSION_OLD ? 0 : id.subVersion;
  if (!Number.isInteger(subVersion) || subVersion < 0 || subVersion > 255) throw new FileIdError(`sub-version must be a byte, got ${subVersion}`);
  const loc = id.location;
  const w = new IdWriter();
  w.int(id.type | (loc.kind === 'web' ? WEB_FLAG : 0) | (id.fileReference ? REFERENCE_FLAG : 0));
  w.int(id.dcId);
  if (id.fileReference) w.bytes(id.fileReference);
  if (loc.kind === 'web') w.string(loc.url).long(loc.accessHash);
  else if (loc.kind === 'common') w.long(loc.id).long(loc.accessHash);
  else {
    if (!PHOTO_FILE_TYPES.has(id.type)) throw new FileIdError(`file type ${id.type} has no photo location`);
    checkSource(id.type, subVersion >= SOURCE_ONLY ? { ...loc, legacy: undefined } : loc);
    w.long(loc.id).long(loc.accessHash);
    if (subVersion >= SOURCE_ONLY) writeSource(w, loc.source);
    else if (subVersion >= WITH_SOURCE) {
      w.long(loc.legacy?.volumeId ?? 0n);
      writeSource(w, loc.source);
      w.int(loc.legacy?.localId ?? 0);
    } else {
      const s = effectiveSource(loc.legacy ? loc : { ...loc, legacy: { volumeId: 0n, localId: 0 } });
      if (s.kind !== 'fullLegacy') throw new FileIdError(`sub-version ${subVersion} only stores legacy photo sizes, not ${loc.source.kind}`);
      w.long(s.volumeId).long(s.secret).int(s.localId);
    }
  }
  if (id.trailing && id.version === VERSION_OLD) w.raw(id.trailing);
  const tail = id.version === VERSION_OLD ? [VERSION_OLD] : [subVersion, VERSION];
  const body = zeroEncode(w.finish());
  const out = new Uint8Array(body.length + tail.length);
  out.set(body);
  out.set(tail, body.length);
  return base64urlEncode(out);
}
