/** `upload.saveFilePart` / `upload.saveBigFilePart` (spec §2). */
import type { HandlerRegistry } from '../../../context.js';
import { requireUser } from '../../access.js';
import type { Result } from '../../handlers/common.js';
import type { World } from '../../world.js';

/** Installs the part handlers. */
export function installUploadHandlers(registry: HandlerRegistry, world: World): void {
  const files = world.files;
  registry.handle('upload.saveFilePart', (req, ctx): Result<'upload.saveFilePart'> => {
    const user = requireUser(world, ctx);
    files.uploads.save({ userId: user.id, dcId: ctx.dcId, fileId: req.fileId, part: req.filePart, bytes: req.bytes, premium: user.premium }, false, ctx.now());
    return true;
  });

  registry.handle('upload.saveBigFilePart', (req, ctx): Result<'upload.saveBigFilePart'> => {
    const user = requireUser(world, ctx);
    files.uploads.save(
      { userId: user.id, dcId: ctx.dcId, fileId: req.fileId, part: req.filePart, totalParts: req.fileTotalParts, bytes: req.bytes, premium: user.premium },
      true,
      ctx.now(),
    );
    return true;
  });
}
