/** Registers the files area's handlers (uploads, downloads, media, profile photos, the master side of the CDN). */
import type { HandlerRegistry } from '../../context.js';
import type { World } from '../world.js';
import { installDownloadHandlers } from './handlers/download.js';
import { installMediaHandlers } from './handlers/media.js';
import { installPhotoHandlers } from './handlers/photos.js';
import { installUploadHandlers } from './handlers/upload.js';

/** Installs every files handler on `registry`. */
export function installFiles(registry: HandlerRegistry, world: World): void {
  installUploadHandlers(registry, world);
  installDownloadHandlers(registry, world);
  installMediaHandlers(registry, world);
  installPhotoHandlers(registry, world);
}
