/** The photo lists of users, groups and channels (current photo first). */
import type { FilesArea } from './area.js';
import type { MediaRef } from './types.js';

/** Key of a peer's photo list: users and chats have separate id spaces. */
export function peerPhotoKey(kind: 'user' | 'chat', id: number): string {
  return `${kind === 'user' ? 'u' : 'c'}${id}`;
}

/** Makes `photoId` the peer's current photo (the list holds it). */
export function setPeerPhoto(files: FilesArea, key: string, photoId: bigint): void {
  const list = files.peerPhotos.get(key) ?? { photoIds: [] };
  const at = list.photoIds.indexOf(photoId);
  if (at >= 0) list.photoIds.splice(at, 1);
  else files.retain({ kind: 'photo', id: photoId });
  list.photoIds.unshift(photoId);
  files.peerPhotos.set(key, list);
}

/** Removes photos from a peer's list; returns the ids removed (the list lets go of them). */
export function removePeerPhotos(files: FilesArea, key: string, photoIds: bigint[]): bigint[] {
  const list = files.peerPhotos.get(key);
  if (!list) return [];
  const removed: bigint[] = [];
  for (const id of photoIds) {
    const at = list.photoIds.indexOf(id);
    if (at < 0) continue;
    list.photoIds.splice(at, 1);
    removed.push(id);
    const ref: MediaRef = { kind: 'photo', id };
    files.release(ref);
  }
  if (list.photoIds.length === 0) files.peerPhotos.delete(key);
  else files.peerPhotos.set(key, list);
  return removed;
}
