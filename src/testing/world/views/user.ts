/** `user` objects as one viewer sees them. */
import type { User } from '../../../tl/index.js';
import type { UserRecord } from '../types.js';

/** The `user` constructor as `viewerId` sees `user` (self flag, phone only for self). */
export function userView(user: UserRecord, viewerId: number | undefined): User {
  if (user.deleted) {
    return { _: 'user', id: user.id, accessHash: user.accessHash, deleted: true };
  }
  const self = viewerId === user.id;
  return {
    _: 'user',
    id: user.id,
    accessHash: user.accessHash,
    firstName: user.firstName,
    ...(user.lastName ? { lastName: user.lastName } : {}),
    ...(user.username ? { username: user.username } : {}),
    ...(self && user.phone ? { phone: user.phone } : {}),
    ...(self ? { self: true } : {}),
    ...(user.bot ? { bot: true, botInfoVersion: 1 } : {}),
    ...(user.premium ? { premium: true } : {}),
  };
}

/** Distinct user views for a list of ids (unknown ids skipped). */
export function usersView(
  users: ReadonlyMap<number, UserRecord>,
  ids: Iterable<number>,
  viewerId: number | undefined,
): User[] {
  const out: User[] = [];
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const user = users.get(id);
    if (user) out.push(userView(user, viewerId));
  }
  return out;
}
