/**
 * `InputFileLocation` → the stored file it names, with the checks of spec §5.3 in order (peer,
 * id and access hash, thumb size, home DC, file reference), and the offset/limit rules of §5.2.
 * @module
 */
import type { InputFileLocation, InputPeer } from '../../../tl/index.js';
import type { RequestContext } from '../../context.js';
import { resolveInputChannel, resolveInputUser } from '../access.js';
import { rpcFail } from '../errors.js';
import type { UserRecord } from '../types.js';
import type { World } from '../world.js';
import type { FilesArea } from './area.js';
import { failFiles } from './file-errors.js';
import { peerPhotoKey } from './peer-photos.js';
import type { BlobRecord, DocumentRecord, PhotoRecord, SizeRecord } from './types.js';

/** The peer of an `inputPeerPhotoFileLocation` (spec §5.3: PEER_ID_INVALID, CHANNEL_INVALID, CHANNEL_PRIVATE, MSG_ID_INVALID). */
function resolvePhotoPeer(world: World, caller: UserRecord, peer: InputPeer): string {
  switch (peer._) {
    case 'inputPeerSelf':
      return peerPhotoKey('user', caller.id);
    case 'inputPeerUser': {
      const user = resolveInputUser(world, caller, { _: 'inputUser', userId: peer.userId, accessHash: peer.accessHash });
      if (!user) rpcFail(400, 'PEER_ID_INVALID');
      return peerPhotoKey('user', user.id);
    }
    case 'inputPeerUserFromMessage': {
      const user = resolveInputUser(world, caller, { _: 'inputUserFromMessage', peer: peer.peer, msgId: peer.msgId, userId: peer.userId });
      if (!user) rpcFail(400, 'MSG_ID_INVALID');
      return peerPhotoKey('user', user.id);
    }
    case 'inputPeerChat': {
      const chat = world.chats.get(peer.chatId);
      if (!chat || chat.kind !== 'chat') rpcFail(400, 'PEER_ID_INVALID');
      return peerPhotoKey('chat', chat.id);
    }
    case 'inputPeerChannel':
      return peerPhotoKey('chat', resolveInputChannel(world, caller, { _: 'inputChannel', channelId: peer.channelId, accessHash: peer.accessHash }).id);
    case 'inputPeerChannelFromMessage': {
      const chat = resolveInputChannel(world, caller, { _: 'inputChannelFromMessage', peer: peer.peer, msgId: peer.msgId, channelId: peer.channelId });
      return peerPhotoKey('chat', chat.id);
    }
    default:
      return rpcFail(400, 'PEER_ID_INVALID');
  }
}

/** The blob behind a size `type` of a photo or document (`""` = the document itself). */
function sizeBlob(sizes: SizeRecord[], type: string): number {
  const size = sizes.find((s) => s.type === type);
  if (!size || size.kind === 'stripped') return failFiles('thumbUnknown');
  return size.blobId;
}

/** Home DC, then the reference (spec §5.3 order). */
function checkAccess(files: FilesArea, ctx: RequestContext, kind: 'photo' | 'document', record: PhotoRecord | DocumentRecord, reference: Uint8Array | undefined, now: number): void {
  if (record.dcId !== ctx.dcId) rpcFail(303, `FILE_MIGRATE_${record.dcId}`);
  if (reference === undefined) return;
  const check = files.references.check(kind, record.id, reference, now, files.switches.referenceLifetimeSeconds);
  if (check === 'empty') rpcFail(400, 'FILE_REFERENCE_EMPTY');
  if (check === 'invalid') rpcFail(400, 'FILE_REFERENCE_INVALID');
  if (check === 'expired') rpcFail(400, 'FILE_REFERENCE_EXPIRED');
}

function blobOrFail(files: FilesArea, id: number): BlobRecord {
  return files.blob(id) ?? rpcFail(400, 'FILE_ID_INVALID');
}

/** The stored file a location names, after every check of spec §5.3 up to the reference. */
export function resolveLocation(world: World, files: FilesArea, caller: UserRecord, location: InputFileLocation, ctx: RequestContext): BlobRecord {
  const now = ctx.now();
  switch (location._) {
    case 'inputDocumentFileLocation': {
      const doc = files.documents.get(location.id.toString());
      if (!doc || doc.accessHash !== location.accessHash) return rpcFail(400, 'FILE_ID_INVALID');
      const blobId = location.thumbSize === '' ? doc.blobId : sizeBlob(doc.thumbs, location.thumbSize);
      checkAccess(files, ctx, 'document', doc, location.fileReference, now);
      return blobOrFail(files, blobId);
    }
    case 'inputPhotoFileLocation': {
      const photo = files.photos.get(location.id.toString());
      if (!photo || photo.accessHash !== location.accessHash) return rpcFail(400, 'FILE_ID_INVALID');
      const blobId = sizeBlob(photo.sizes, location.thumbSize);
      checkAccess(files, ctx, 'photo', photo, location.fileReference, now);
      return blobOrFail(files, blobId);
    }
    case 'inputPeerPhotoFileLocation': {
      const key = resolvePhotoPeer(world, caller, location.peer);
      const list = files.peerPhotos.get(key);
      if (!list || !list.photoIds.includes(location.photoId)) return failFiles('peerPhotoUnknown');
      const photo = files.photos.get(location.photoId.toString());
      if (!photo) return failFiles('peerPhotoUnknown');
      const blobId = sizeBlob(photo.sizes, location.big ? 'c' : 'a');
      checkAccess(files, ctx, 'photo', photo, undefined, now);
      return blobOrFail(files, blobId);
    }
    default:
      return rpcFail(400, 'LOCATION_INVALID');
  }
}

/** 1 MiB: the block a request may not cross, and the largest limit. */
export const BLOCK = 1048576;

/** Spec §5.2: limit rules, offset rules, then the block rule. `precise` relaxes the alignment to 1 KiB. */
export function checkRange(offset: number, limit: number, precise: boolean): void {
  if (precise) {
    if (limit <= 0 || limit % 1024 !== 0 || limit > BLOCK) rpcFail(400, 'LIMIT_INVALID');
    if (offset < 0 || offset % 1024 !== 0) rpcFail(400, 'OFFSET_INVALID');
  } else {
    if (limit <= 0 || limit % 4096 !== 0 || BLOCK % limit !== 0) rpcFail(400, 'LIMIT_INVALID');
    if (offset < 0 || offset % 4096 !== 0) rpcFail(400, 'OFFSET_INVALID');
  }
  if (Math.floor(offset / BLOCK) !== Math.floor((offset + limit - 1) / BLOCK)) rpcFail(400, 'LIMIT_INVALID');
}

/** A TL long offset as a number (offsets past 2^53 cannot name a byte of any file). */
export function offsetNumber(offset: bigint): number {
  if (offset < 0n) return rpcFail(400, 'OFFSET_INVALID');
  return offset > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(offset);
}
