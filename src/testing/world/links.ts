/** Link records: creation, primary links, parsing the `link` argument, expiry (spec §1). */
import type { ChatRecord, LinkRecord } from './types.js';
import type { World } from './world.js';

/** Creates and stores a link owned by `adminId`. */
export function createLink(
  world: World,
  chat: ChatRecord,
  adminId: number,
  date: number,
  fields: Partial<Pick<LinkRecord, 'expireDate' | 'usageLimit' | 'title' | 'requestNeeded' | 'permanent' | 'subscriptionPricing'>> = {},
): LinkRecord {
  const link: LinkRecord = {
    hash: world.newHash(),
    adminId,
    date,
    usage: 0,
    requested: 0,
    requestNeeded: fields.requestNeeded ?? false,
    permanent: fields.permanent ?? false,
    revoked: false,
    subscriptionExpired: 0,
    byBot: world.users.get(adminId)?.bot ?? false,
  };
  if (fields.expireDate) link.expireDate = fields.expireDate;
  if (fields.usageLimit) link.usageLimit = fields.usageLimit;
  if (fields.title) link.title = fields.title;
  if (fields.subscriptionPricing) link.subscriptionPricing = fields.subscriptionPricing;
  chat.links.set(link.hash, link);
  return link;
}

/** The admin's non-revoked primary link, if any. */
export function primaryLink(chat: ChatRecord, adminId: number): LinkRecord | undefined {
  for (const link of chat.links.values()) if (link.adminId === adminId && link.permanent && !link.revoked) return link;
  return undefined;
}

/** The admin's primary link, created lazily for users (spec §1.2; bots have none until they make one). */
export function ensurePrimaryLink(world: World, chat: ChatRecord, adminId: number, date: number): LinkRecord | undefined {
  const existing = primaryLink(chat, adminId);
  if (existing) return existing;
  if (world.users.get(adminId)?.bot) return undefined;
  return createLink(world, chat, adminId, date, { permanent: true });
}

const LINK_FORMS = /^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.(?:me|dog)\/(?:joinchat\/|\+)([\w-]+)\/?$/i;

/** Extracts the hash from a `link` argument (spec §1.5): t.me/+H, t.me/joinchat/H, telegram.me/.dog, or a bare hash. */
export function parseLinkArg(link: string): string {
  const trimmed = link.trim();
  const m = LINK_FORMS.exec(trimmed);
  if (m) return m[1] as string;
  return trimmed.startsWith('+') ? trimmed.slice(1) : trimmed;
}

/** Spec §1.1: expired by date or by a full usage limit. */
export function isExpired(link: LinkRecord, now: number): boolean {
  if (link.expireDate !== undefined && link.expireDate > 0 && link.expireDate <= now) return true;
  return link.usageLimit !== undefined && link.usageLimit > 0 && link.usage >= link.usageLimit;
}
