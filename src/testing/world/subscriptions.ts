/**
 * Lapsed Star subscriptions (spec §9 `subscription_expired`, §1.1 `subscription_expired` counter).
 *
 * A user counts as expired for a paid link when they joined the chat through that link (importer history)
 * and their paid period (`chat.subscriptions`) has ended by the world's `now`. The world does not kick such
 * users, so both current members and users who left are counted; a renewed period (a later end) takes
 * them off the list again.
 */
import type { ChatRecord, ImporterRecord } from './types.js';

/**
 * The newest import row of every user whose subscription through a paid link of `chat` has lapsed at `now`;
 * only those of link `hash` when given.
 */
export function expiredSubscribers(chat: ChatRecord, now: number, hash?: string): ImporterRecord[] {
  const newest = new Map<number, ImporterRecord>();
  for (const row of chat.importers) {
    if (hash !== undefined && row.hash !== hash) continue;
    if (!chat.links.get(row.hash)?.subscriptionPricing) continue;
    const until = chat.subscriptions.get(row.userId);
    if (until === undefined || until > now) continue;
    const seen = newest.get(row.userId);
    if (!seen || row.date >= seen.date) newest.set(row.userId, row);
  }
  return [...newest.values()];
}

/**
 * Recomputes `subscriptionExpired` of every paid link of `chat` for `now`. Handlers call it before they
 * build link views, since the counter moves with the clock rather than with an event.
 */
export function refreshExpiredCounters(chat: ChatRecord, now: number): void {
  let paid = false;
  for (const link of chat.links.values()) {
    if (link.subscriptionPricing) {
      link.subscriptionExpired = 0;
      paid = true;
    }
  }
  if (!paid) return;
  for (const row of expiredSubscribers(chat, now)) {
    const link = chat.links.get(row.hash);
    if (link) link.subscriptionExpired++;
  }
}
