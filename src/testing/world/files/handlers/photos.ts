/** Profile photos (`photos.*`, spec §4.4): upload, make current, list, delete. */
import type { HandlerRegistry } from '../../../context.js';
import { requireUser, resolveInputUser } from '../../access.js';
import { rpcFail } from '../../errors.js';
import type { Result } from '../../handlers/common.js';
import { userView } from '../../views/user.js';
import type { World } from '../../world.js';
import { uploadedPeerPhoto } from '../media.js';
import { peerPhotoKey, removePeerPhotos, setPeerPhoto } from '../peer-photos.js';
import { photoView } from '../views.js';

/** Installs the profile photo handlers. */
export function installPhotoHandlers(registry: HandlerRegistry, world: World): void {
  const files = world.files;

  registry.handle('photos.uploadProfilePhoto', (req, ctx): Result<'photos.uploadProfilePhoto'> => {
    const user = requireUser(world, ctx);
    if (req.bot) rpcFail(400, 'BOT_INVALID');
    if (!req.file) rpcFail(400, 'PHOTO_FILE_MISSING');
    const now = ctx.now();
    const ref = uploadedPeerPhoto(files, req.file, { user, dcId: ctx.dcId, now });
    setPeerPhoto(files, peerPhotoKey('user', user.id), ref.id);
    return { _: 'photos.photo', photo: photoView(files, files.photos.get(ref.id.toString())!, now), users: [userView(user, user.id)] };
  });

  registry.handle('photos.updateProfilePhoto', (req, ctx): Result<'photos.updateProfilePhoto'> => {
    const user = requireUser(world, ctx);
    const key = peerPhotoKey('user', user.id);
    if (req.id._ === 'inputPhotoEmpty') {
      const current = files.peerPhotos.get(key)?.photoIds[0];
      if (current !== undefined) removePeerPhotos(files, key, [current]);
      return { _: 'photos.photo', photo: { _: 'photoEmpty', id: 0n }, users: [userView(user, user.id)] };
    }
    const photo = files.photos.get(req.id.id.toString());
    if (!photo || photo.accessHash !== req.id.accessHash || !files.peerPhotos.get(key)?.photoIds.includes(photo.id)) rpcFail(400, 'PHOTO_ID_INVALID');
    setPeerPhoto(files, key, photo.id);
    return { _: 'photos.photo', photo: photoView(files, photo, ctx.now()), users: [userView(user, user.id)] };
  });

  registry.handle('photos.getUserPhotos', (req, ctx): Result<'photos.getUserPhotos'> => {
    const caller = requireUser(world, ctx);
    const user = resolveInputUser(world, caller, req.userId);
    if (!user) rpcFail(400, 'USER_ID_INVALID');
    const ids = files.peerPhotos.get(peerPhotoKey('user', user.id))?.photoIds ?? [];
    const limit = Math.max(0, Math.min(100, req.limit));
    const page = ids.slice(Math.max(0, req.offset), Math.max(0, req.offset) + limit);
    const now = ctx.now();
    const photos = page.flatMap((id) => {
      const p = files.photos.get(id.toString());
      return p ? [photoView(files, p, now)] : [];
    });
    const users = [userView(user, caller.id)];
    return page.length < ids.length ? { _: 'photos.photosSlice', count: ids.length, photos, users } : { _: 'photos.photos', photos, users };
  });

  registry.handle('photos.deletePhotos', (req, ctx): Result<'photos.deletePhotos'> => {
    const user = requireUser(world, ctx);
    const ids: bigint[] = [];
    for (const input of req.id) {
      if (input._ !== 'inputPhoto') continue;
      const photo = files.photos.get(input.id.toString());
      if (photo && photo.accessHash === input.accessHash) ids.push(photo.id);
    }
    return removePeerPhotos(files, peerPhotoKey('user', user.id), ids);
  });
}
