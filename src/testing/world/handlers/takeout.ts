/**
 * Takeout sessions (https://core.telegram.org/api/takeout): `account.initTakeoutSession` issues an
 * id, calls wrapped in `invokeWithTakeout` must name a running session of the caller
 * (`400 TAKEOUT_INVALID` otherwise), and `account.finishTakeoutSession` — sent inside the session,
 * else `403 TAKEOUT_REQUIRED` — ends it. With `world.lifecycle.takeoutDelaySeconds` set, the first
 * request answers `420 TAKEOUT_INIT_DELAY_X` and the export is allowed X seconds later, as Telegram
 * does while it asks the account's other devices.
 */
import type { HandlerRegistry } from '../../context.js';
import { requireHuman } from '../access.js';
import { rpcFail } from '../errors.js';
import { randomLong } from '../random.js';
import type { World } from '../world.js';
import type { Result } from './common.js';

/** Installs the takeout handlers, and the check of `invokeWithTakeout` (a handler of a wrapper runs as its guard). */
export function installTakeout(registry: HandlerRegistry, world: World): void {
  const { takeouts, takeoutAllowedAt } = world.lifecycle;

  registry.handle('account.initTakeoutSession', (_req, ctx): Result<'account.initTakeoutSession'> => {
    const user = requireHuman(world, ctx);
    const delay = world.lifecycle.takeoutDelaySeconds;
    if (delay > 0) {
      const key = String(user.id);
      const allowedAt = takeoutAllowedAt.get(key);
      if (allowedAt === undefined) {
        takeoutAllowedAt.set(key, ctx.now() + delay);
        rpcFail(420, `TAKEOUT_INIT_DELAY_${delay}`);
      }
      if (ctx.now() < allowedAt) rpcFail(420, `TAKEOUT_INIT_DELAY_${allowedAt - ctx.now()}`);
    }
    const id = randomLong();
    takeouts.set(id.toString(), { userId: user.id, createdAt: ctx.now() });
    return { _: 'account.takeout', id };
  });

  // The guard of the wrapper: runs before the wrapped query, its result is ignored.
  registry.handle('invokeWithTakeout', (req, ctx) => {
    const user = requireHuman(world, ctx);
    const takeout = takeouts.get(req.takeoutId.toString());
    if (!takeout || takeout.userId !== user.id) rpcFail(400, 'TAKEOUT_INVALID');
    return undefined;
  });

  registry.handle('account.finishTakeoutSession', (_req, ctx): Result<'account.finishTakeoutSession'> => {
    requireHuman(world, ctx);
    if (ctx.takeoutId === undefined) rpcFail(403, 'TAKEOUT_REQUIRED');
    takeouts.delete(ctx.takeoutId.toString());
    return true;
  });
}
