/**
 * `upload.getFile` and `upload.getFileHashes` (spec §5), and the master DC's side of the CDN (spec §6):
 * redirects, `help.getCdnConfig`, `upload.getCdnFileHashes`, `upload.reuploadCdnFile`.
 * @module
 */
import type { HandlerRegistry } from '../../../context.js';
import type { StorageFileType } from '../../../../tl/index.js';
import { requireUser } from '../../access.js';
import { rpcFail } from '../../errors.js';
import type { Result } from '../../handlers/common.js';
import type { World } from '../../world.js';
import { failFiles } from '../file-errors.js';
import { fileHashes } from '../hashes.js';
import { checkRange, offsetNumber, resolveLocation } from '../locations.js';
import { sniffFileType } from '../sniff.js';

const PARTIAL: StorageFileType = { _: 'storage.filePartial' };

/** Installs the download handlers. */
export function installDownloadHandlers(registry: HandlerRegistry, world: World): void {
  const files = world.files;

  registry.handle('upload.getFile', (req, ctx): Result<'upload.getFile'> => {
    const user = requireUser(world, ctx);
    const blob = resolveLocation(world, files, user, req.location, ctx);
    const offset = offsetNumber(req.offset);
    checkRange(offset, req.limit, req.precise === true);
    if (offset >= blob.size && (offset > blob.size || files.switches.offsetAtEnd === 'error')) rpcFail(400, 'OFFSET_INVALID');
    const now = ctx.now();
    if (req.cdnSupported && blob.cdn && files.cdn && (!user.bot || files.switches.cdnForBots)) return files.cdn.redirect(blob, offset, now);
    // encoded (copied) as soon as the handler returns: a reused read buffer is enough
    const bytes = files.readTransient(blob, offset, req.limit);
    return { _: 'upload.file', type: offset === 0 ? sniffFileType(bytes) : PARTIAL, mtime: blob.date, bytes };
  });

  registry.handle('upload.getFileHashes', (req, ctx): Result<'upload.getFileHashes'> => {
    const user = requireUser(world, ctx);
    const blob = resolveLocation(world, files, user, req.location, ctx);
    return fileHashes(files, blob, offsetNumber(req.offset));
  });

  registry.handle('help.getCdnConfig', (): Result<'help.getCdnConfig'> => ({ _: 'cdnConfig', publicKeys: files.cdn?.publicKeys() ?? [] }));

  // the CDN DC serves this one; a master DC does not know it (spec §6.4)
  registry.handle('upload.getCdnFile', () => failFiles('cdnFileOnMaster'));

  registry.handle('upload.getCdnFileHashes', (req, ctx): Result<'upload.getCdnFileHashes'> => {
    requireUser(world, ctx);
    if (!files.cdn) return rpcFail(400, 'FILE_TOKEN_INVALID');
    return files.cdn.hashes(req.fileToken, offsetNumber(req.offset), ctx.now());
  });

  registry.handle('upload.reuploadCdnFile', (req, ctx): Result<'upload.reuploadCdnFile'> => {
    requireUser(world, ctx);
    if (!files.cdn) return rpcFail(400, 'FILE_TOKEN_INVALID');
    return files.cdn.reupload(req.fileToken, req.requestToken, ctx.now());
  });
}
