/**
 * What can be downloaded, as one {@link FileTarget}: a location, the DC holding the file, its size, and
 * where a fresh file reference comes from (https://core.telegram.org/api/file_reference) — a message is
 * refetched with `messages.getMessages` / `channels.getMessages`.
 * @module
 */
import { BadArgumentError } from '../../errors.js';
import type { ChatPhoto, InputFileLocation, InputPeer, MessageMedia, PhotoSize, RawDocument, RawMessage, RawPhoto, UserProfilePhoto } from '../../tl/index.js';
import type { InvokeOptions, Invoker } from '../invoke/types.js';

/** A file to download. */
export interface FileTarget {
  location: InputFileLocation;
  /** The DC holding the file (`dc_id` of the photo or document); default the primary DC (it answers `FILE_MIGRATE_X`). */
  dcId?: number;
  /** Size in bytes, when known (parallel fetching needs it; unknown sizes are read until a short chunk). */
  size?: number;
  /** A location with a fresh file reference, for one retry after `FILE_REFERENCE_EXPIRED`. */
  refresh?: (invoke: Invoker, options: InvokeOptions) => Promise<InputFileLocation>;
}

/** Anything {@link fileTarget} turns into a target. */
export type Downloadable = FileTarget | RawDocument | RawPhoto | RawMessage | MessageMedia;

/** Options naming which file of a media to take. */
export interface TargetOptions {
  /** A thumbnail (`PhotoSize` type such as `m`, `x`) instead of the file or the largest photo size. */
  thumb?: string;
  /** The channel a message came from (`inputPeerChannel`): needed to refresh references of channel messages. */
  peer?: InputPeer;
}

const SKIPPED_SIZES = new Set(['photoSizeEmpty', 'photoStrippedSize', 'photoCachedSize', 'photoPathSize']);

function sizeBytes(s: PhotoSize): number | undefined {
  if (s._ === 'photoSize') return s.size;
  if (s._ === 'photoSizeProgressive') return s.sizes[s.sizes.length - 1];
  return undefined;
}

/** The largest downloadable size of a photo, or the one of type `thumb`. */
function pickSize(sizes: PhotoSize[], thumb: string | undefined, what: string): PhotoSize {
  const usable = sizes.filter((s) => !SKIPPED_SIZES.has(s._));
  if (thumb !== undefined) {
    const s = usable.find((x) => 'type' in x && x.type === thumb);
    if (!s) throw new BadArgumentError('thumb', `${what} has no downloadable size '${thumb}'`);
    return s;
  }
  let best: PhotoSize | undefined;
  let area = -1;
  for (const s of usable) {
    const a = 'w' in s && 'h' in s ? s.w * s.h : 0;
    if (a > area) [best, area] = [s, a];
  }
  if (!best) throw new BadArgumentError('photo', `${what} has no downloadable size`);
  return best;
}

function documentTarget(doc: RawDocument, thumb: string | undefined): FileTarget {
  if (thumb === undefined) {
    return { location: { _: 'inputDocumentFileLocation', id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: '' }, dcId: doc.dcId, size: Number(doc.size) };
  }
  const s = pickSize(doc.thumbs ?? [], thumb, 'the document');
  const size = sizeBytes(s);
  return {
    location: { _: 'inputDocumentFileLocation', id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: thumb },
    dcId: doc.dcId,
    ...(size !== undefined ? { size } : {}),
  };
}

function photoTarget(photo: RawPhoto, thumb: string | undefined): FileTarget {
  const s = pickSize(photo.sizes, thumb, 'the photo');
  const size = sizeBytes(s);
  const type = 'type' in s ? s.type : '';
  return {
    location: { _: 'inputPhotoFileLocation', id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: type },
    dcId: photo.dcId,
    ...(size !== undefined ? { size } : {}),
  };
}

function mediaTarget(media: MessageMedia, thumb: string | undefined): FileTarget {
  if (media._ === 'messageMediaDocument' && media.document?._ === 'document') return documentTarget(media.document, thumb);
  if (media._ === 'messageMediaPhoto' && media.photo?._ === 'photo') return photoTarget(media.photo, thumb);
  throw new BadArgumentError('media', `${media._} has no file to download`);
}

/** Refetches message `id` and returns its media's location again (with a fresh reference). */
function messageRefresher(message: RawMessage, o: TargetOptions): FileTarget['refresh'] {
  const id = [{ _: 'inputMessageID' as const, id: message.id }];
  const channelPeer = message.peerId._ === 'peerChannel' ? o.peer : undefined;
  if (message.peerId._ === 'peerChannel' && channelPeer?._ !== 'inputPeerChannel') return undefined; // no access hash to ask with
  return async (invoke, options) => {
    const request =
      channelPeer?._ === 'inputPeerChannel'
        ? { _: 'channels.getMessages' as const, channel: { _: 'inputChannel' as const, channelId: channelPeer.channelId, accessHash: channelPeer.accessHash }, id }
        : { _: 'messages.getMessages' as const, id };
    const result = (await invoke(request, { ...options, pool: 'main', dcId: undefined })) as { messages?: Array<{ _: string; id?: number; media?: MessageMedia }> };
    const fresh = result.messages?.find((m) => m._ === 'message' && m.id === message.id);
    if (!fresh?.media) throw new BadArgumentError('message', `message ${message.id} no longer has media`);
    return mediaTarget(fresh.media, o.thumb).location;
  };
}

/** The download target of a message, its media, a photo, a document, or a target as it is. */
export function fileTarget(input: Downloadable, o: TargetOptions = {}): FileTarget {
  if ('location' in input) return input;
  switch (input._) {
    case 'document':
      return documentTarget(input, o.thumb);
    case 'photo':
      return photoTarget(input, o.thumb);
    case 'message': {
      if (!input.media) throw new BadArgumentError('message', `message ${input.id} has no media`);
      const target = mediaTarget(input.media, o.thumb);
      const refresh = messageRefresher(input, o);
      return refresh ? { ...target, refresh } : target;
    }
    default:
      return mediaTarget(input, o.thumb);
  }
}

/** The target of a user's or chat's current profile photo (`big`: 640×640, else 160×160). No reference needed. */
export function peerPhotoTarget(peer: InputPeer, photo: UserProfilePhoto | ChatPhoto, big = false): FileTarget {
  if (photo._ !== 'userProfilePhoto' && photo._ !== 'chatPhoto') throw new BadArgumentError('photo', 'the peer has no photo');
  return { location: { _: 'inputPeerPhotoFileLocation', peer, photoId: photo.photoId, ...(big ? { big: true } : {}) }, dcId: photo.dcId };
}
