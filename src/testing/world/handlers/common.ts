/** Helpers shared by the invite handlers. */
import type { InputUser, MethodName, Methods } from '../../../tl/index.js';
import { isCreator, resolveInputUser } from '../access.js';
import { fail } from '../errors.js';
import { parseLinkArg } from '../links.js';
import type { ChatRecord, LinkRecord, UserRecord } from '../types.js';
import type { World } from '../world.js';

/** Cuts a title to the limit (characters, not UTF-16 units); empty → undefined. */
export function cutTitle(world: World, title: string | undefined): string | undefined {
  if (title === undefined) return undefined;
  const cut = Array.from(title).slice(0, world.switches.titleMaxLength).join('');
  return cut === '' ? undefined : cut;
}

/** Spec §1.5 + §1.3: the link named by `link` in `chat`, which the caller may manage. */
export function lookupManagedLink(chat: ChatRecord, caller: UserRecord, link: string): LinkRecord {
  const record = chat.links.get(parseLinkArg(link));
  if (!record) fail('linkUnknown');
  if (record.adminId !== caller.id && !isCreator(chat, caller.id)) fail('adminRequired');
  return record;
}

/** Spec §3 `admin_id` rules: self, or (creator only) a current/former admin. */
export function resolveAdminId(world: World, chat: ChatRecord, caller: UserRecord, input: InputUser): UserRecord {
  const admin = resolveInputUser(world, caller, input);
  if (!admin) fail('adminIdInvalid');
  if (admin.id === caller.id) return admin;
  if (!isCreator(chat, caller.id)) fail('adminRequired');
  if (!chat.everAdmins.has(admin.id)) fail('adminIdInvalid');
  return admin;
}

/** Clamps a page size to 1..max. */
export function clampLimit(world: World, limit: number): number {
  return Math.max(1, Math.min(world.switches.pageLimitMax, Math.trunc(limit) || 1));
}

/** Result type of a method (annotating handlers keeps literal `_` tags). */
export type Result<M extends MethodName> = Methods[M]['result'];
