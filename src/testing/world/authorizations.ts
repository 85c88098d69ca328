/**
 * Which auth keys are signed in, and how an authorization ends: `auth.logOut`,
 * `account.resetAuthorization`, `auth.resetAuthorizations`, a deleted or banned account. The rows
 * live in `world.lifecycle` (persistent tables).
 *
 * @module
 */
import type { RequestContext } from '../context.js';
import { rpcFail } from './errors.js';
import { randomLong } from './random.js';
import type { World } from './world.js';

const id = (authKeyId: bigint): string => authKeyId.toString();

/** Records that the caller's key is now signed in (sign-in, or an imported authorization exported by `parent`). */
export function recordAuthorization(world: World, ctx: RequestContext, userId: number, parent?: bigint): void {
  const { authorizations, revoked } = world.lifecycle;
  revoked.delete(id(ctx.authKeyId));
  authorizations.set(id(ctx.authKeyId), {
    userId,
    hash: randomLong(),
    dcId: ctx.dcId,
    createdAt: ctx.now(),
    ...(parent !== undefined ? { parent: id(parent) } : {}),
  });
}

/** The caller logged out itself (`auth.logOut`): its authorization and those imported from it end. */
export function forgetAuthorization(world: World, authKeyId: bigint): void {
  const { authorizations } = world.lifecycle;
  const key = id(authKeyId);
  authorizations.delete(key);
  for (const [k, a] of [...authorizations.entries()]) if (a.parent === key) authorizations.delete(k);
}

/** Terminates an authorization and the ones imported from it: their keys get `SESSION_REVOKED` next. */
export function revokeAuthorization(world: World, authKeyId: string, now: number): void {
  const { authorizations, revoked } = world.lifecycle;
  for (const [k, a] of [...authorizations.entries()]) {
    if (k !== authKeyId && a.parent !== authKeyId) continue;
    authorizations.delete(k);
    revoked.set(k, { date: now });
  }
}

/** The authorization a key's own one descends from (itself when it was not imported). */
export function rootOf(world: World, authKeyId: string): string {
  return world.lifecycle.authorizations.get(authKeyId)?.parent ?? authKeyId;
}

/**
 * A key whose authorization was terminated: unbinds it and answers `401 SESSION_REVOKED` (once;
 * the key then simply is not signed in).
 */
export function failIfRevoked(world: World, ctx: RequestContext): void {
  const key = id(ctx.authKeyId);
  if (!world.lifecycle.revoked.has(key)) return;
  world.lifecycle.revoked.delete(key);
  ctx.setUserId(undefined);
  rpcFail(401, 'SESSION_REVOKED');
}

/** True for a banned account. */
export function isBanned(world: World, userId: number): boolean {
  return world.lifecycle.bans.has(String(userId));
}

/** `FRESH_RESET_AUTHORISATION_FORBIDDEN` while the caller's own authorization is younger than the rule allows. */
export function failIfFresh(world: World, ctx: RequestContext): void {
  const own = world.lifecycle.authorizations.get(rootOf(world, id(ctx.authKeyId)));
  if (own && ctx.now() - own.createdAt < world.lifecycle.freshResetSeconds) rpcFail(406, 'FRESH_RESET_AUTHORISATION_FORBIDDEN');
}
