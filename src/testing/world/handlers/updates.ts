/** `updates.getState`, `updates.getDifference`, `updates.getChannelDifference` (spec/updates.md §5). */
import type { HandlerRegistry } from '../../context.js';
import { requireUser } from '../access.js';
import { getChannelDifference } from '../updates/channel-difference.js';
import { accountState, getDifference } from '../updates/difference.js';
import type { World } from '../world.js';
import type { Result } from './common.js';
import { resolveChannel } from './messages-write.js';

/** Installs the update-state handlers. */
export function installUpdates(registry: HandlerRegistry, world: World): void {
  registry.handle('updates.getState', (_req, ctx): Result<'updates.getState'> => accountState(world, requireUser(world, ctx), ctx.now()));

  registry.handle('updates.getDifference', (req, ctx): Result<'updates.getDifference'> => {
    const caller = requireUser(world, ctx);
    return getDifference(
      world,
      caller,
      {
        pts: req.pts,
        date: req.date,
        qts: req.qts,
        ...(req.ptsLimit !== undefined ? { ptsLimit: req.ptsLimit } : {}),
        ...(req.ptsTotalLimit !== undefined ? { ptsTotalLimit: req.ptsTotalLimit } : {}),
        ...(req.qtsLimit !== undefined ? { qtsLimit: req.qtsLimit } : {}),
      },
      ctx.now(),
    );
  });

  registry.handle('updates.getChannelDifference', (req, ctx): Result<'updates.getChannelDifference'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveChannel(world, caller, req.channel, false);
    return getChannelDifference(world, caller, chat, { pts: req.pts, limit: req.limit, filter: req.filter, ...(req.force ? { force: true } : {}) });
  });
}
