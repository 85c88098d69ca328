/**
 * The admin log of supergroups and channels (spec [I] rules of §2, §5, §6, §11, §12): which link and join
 * events are written, and how many are kept. Basic groups have no admin log.
 */
import type { AdminLogAction, AdminLogEventRecord, ChatRecord, LinkRecord } from './types.js';
import type { World } from './world.js';

/** A frozen copy of a link, so later edits do not rewrite history. */
export function linkSnapshot(link: LinkRecord): LinkRecord {
  return structuredClone(link);
}

/** The events of `chat`, oldest first (empty for basic groups and worlds from older snapshots). */
export function adminLogOf(chat: ChatRecord): readonly AdminLogEventRecord[] {
  return chat.adminLog ?? [];
}

/**
 * Appends an event to a channel's admin log (no-op for basic groups). Ids increase by one per channel;
 * past `switches.adminLogMax` the oldest events are dropped.
 */
export function logAdminEvent(world: World, chat: ChatRecord, userId: number, date: number, action: AdminLogAction): void {
  if (chat.kind !== 'channel') return;
  const log = (chat.adminLog ??= []);
  const last = log[log.length - 1];
  log.push({ id: (last?.id ?? 0n) + 1n, date, userId, action });
  const max = Math.max(1, world.switches.adminLogMax);
  if (log.length > max) log.splice(0, log.length - max);
}
