/** `chatInviteExported` objects (spec §1.1 wire form). */
import type { ExportedChatInvite } from '../../../tl/index.js';
import type { LinkRecord } from '../types.js';

/** `https://t.me/+` + hash. */
export function linkUrl(hash: string): string {
  return `https://t.me/+${hash}`;
}

/**
 * The wire form of a link. `truncated` cuts the hash to its first characters plus `...`, as Telegram does for
 * other admins' links inside participant updates, bot join-request updates and admin-log events.
 */
export function inviteView(link: LinkRecord, truncated = false): ExportedChatInvite {
  const hash = truncated ? `${link.hash.slice(0, Math.min(4, link.hash.length))}...` : link.hash;
  const permanent = link.permanent;
  return {
    _: 'chatInviteExported',
    link: linkUrl(hash),
    adminId: link.adminId,
    date: link.date,
    ...(link.revoked ? { revoked: true } : {}),
    ...(permanent ? { permanent: true } : {}),
    ...(!permanent && link.requestNeeded ? { requestNeeded: true } : {}),
    ...(!permanent && link.startDate !== undefined ? { startDate: link.startDate } : {}),
    ...(!permanent && link.expireDate ? { expireDate: link.expireDate } : {}),
    ...(!permanent && link.usageLimit ? { usageLimit: link.usageLimit } : {}),
    ...(link.usage > 0 ? { usage: link.usage } : {}),
    ...(!permanent && link.requested > 0 ? { requested: link.requested } : {}),
    ...(link.subscriptionExpired > 0 ? { subscriptionExpired: link.subscriptionExpired } : {}),
    ...(!permanent && link.title ? { title: link.title } : {}),
    ...(link.subscriptionPricing
      ? {
          subscriptionPricing: {
            _: 'starsSubscriptionPricing',
            period: link.subscriptionPricing.period,
            amount: link.subscriptionPricing.amount,
          },
        }
      : {}),
  };
}
