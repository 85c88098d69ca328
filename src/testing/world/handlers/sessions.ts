/**
 * The account's active sessions: `account.getAuthorizations`, `account.resetAuthorization`,
 * `auth.resetAuthorizations` (https://core.telegram.org/api/auth). A terminated authorization's key
 * gets `401 SESSION_REVOKED` on its next call (see `../authorizations.ts`).
 */
import type { HandlerRegistry } from '../../context.js';
import type { Authorization } from '../../../tl/index.js';
import { requireHuman } from '../access.js';
import { failIfFresh, revokeAuthorization, rootOf } from '../authorizations.js';
import { rpcFail } from '../errors.js';
import type { World } from '../world.js';
import type { Result } from './common.js';

/** Days after which Telegram ends an unused authorization (what the answer reports). */
const AUTHORIZATION_TTL_DAYS = 180;

/** Installs the session-management handlers. */
export function installSessions(registry: HandlerRegistry, world: World): void {
  const { authorizations } = world.lifecycle;

  /** The account's authorizations as the user sees them: one per device, imported ones folded into theirs. */
  const listed = (userId: number): Array<[string, NonNullable<ReturnType<typeof authorizations.get>>]> =>
    [...authorizations.entries()].filter(([, a]) => a.userId === userId && a.parent === undefined);

  registry.handle('account.getAuthorizations', (_req, ctx): Result<'account.getAuthorizations'> => {
    const user = requireHuman(world, ctx);
    const mine = rootOf(world, ctx.authKeyId.toString());
    const list: Authorization[] = listed(user.id).map(([key, a]) => ({
      _: 'authorization',
      ...(key === mine ? { current: true } : {}),
      // the current session is listed with hash 0, as Telegram does
      hash: key === mine ? 0n : a.hash,
      deviceModel: 'tgts',
      platform: 'node',
      systemVersion: '',
      apiId: 0,
      appName: 'tgts',
      appVersion: '',
      dateCreated: a.createdAt,
      dateActive: a.createdAt,
      ip: '127.0.0.1',
      country: 'Localhost',
      region: '',
    }));
    return { _: 'account.authorizations', authorizationTtlDays: AUTHORIZATION_TTL_DAYS, authorizations: list };
  });

  registry.handle('account.resetAuthorization', (req, ctx): Result<'account.resetAuthorization'> => {
    const user = requireHuman(world, ctx);
    const mine = rootOf(world, ctx.authKeyId.toString());
    const target = listed(user.id).find(([key, a]) => a.hash === req.hash && key !== mine);
    if (req.hash === 0n || !target) rpcFail(400, 'HASH_INVALID');
    failIfFresh(world, ctx);
    revokeAuthorization(world, target[0], ctx.now());
    return true;
  });

  registry.handle('auth.resetAuthorizations', (_req, ctx): Result<'auth.resetAuthorizations'> => {
    const user = requireHuman(world, ctx);
    failIfFresh(world, ctx);
    const mine = rootOf(world, ctx.authKeyId.toString());
    for (const [key] of listed(user.id)) if (key !== mine) revokeAuthorization(world, key, ctx.now());
    return true;
  });
}
