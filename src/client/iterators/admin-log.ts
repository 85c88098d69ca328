/**
 * `iterAdminLog(ctx, channel, options)`: the admin log of a supergroup or channel
 * (`channels.getAdminLog`), newest first. Each page asks for events older than the smallest id seen
 * (`max_id` is exclusive), so no event repeats; an empty page is the end.
 * @module
 */
import type { ChannelAdminLogEvent, ChannelAdminLogEventsFilter, ChannelsAdminLogResults, InputUser, User } from '../../tl/index.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import type { PeerContext, PeerInput } from '../peers/resolve.js';
import { resolveChannel, resolveUser } from '../peers/room.js';

/** Which kinds of events: the flags of `channelAdminLogEventsFilter` (`{ join: true, invites: true }`). */
export type AdminLogFilter = Omit<ChannelAdminLogEventsFilter, '_'>;

/** Options of {@link iterAdminLog}. */
export interface AdminLogOptions extends InvokeOptions {
  /** Only these kinds of events (default: all). */
  filter?: AdminLogFilter;
  /** Only events by these admins. */
  admins?: readonly PeerInput[];
  /** Search text (Telegram matches it against the events' content). */
  q?: string;
  /** Only events with id < maxId. */
  maxId?: bigint;
  /** Only events with id > minId. */
  minId?: bigint;
  /** Stop after this many events. */
  limit?: number;
  /** Events per request (1–100, default 100). */
  pageSize?: number;
}

/** One event with the user who did it (when the answer carried it). */
export interface AdminLogItem {
  event: ChannelAdminLogEvent;
  user?: User;
}

/**
 * Iterates over the admin log of `channel`.
 *
 * @example
 * ```ts
 * for await (const { event } of iterAdminLog(ctx, '@mygroup', { filter: { invites: true } })) console.log(event.action._);
 * ```
 */
export async function* iterAdminLog(ctx: PeerContext, channel: PeerInput, options: AdminLogOptions = {}): AsyncGenerator<AdminLogItem> {
  const input = await resolveChannel(ctx, channel);
  const admins: InputUser[] | undefined = options.admins && (await Promise.all(options.admins.map((a) => resolveUser(ctx, a))));
  const call = invokeOptionsOf(options);
  const total = options.limit ?? Infinity;
  const pageSize = Math.max(1, Math.min(100, options.pageSize ?? 100));
  const minId = options.minId ?? 0n;
  let maxId = options.maxId ?? 0n;
  let yielded = 0;
  while (yielded < total) {
    const page = (await ctx.invoke(
      {
        _: 'channels.getAdminLog',
        channel: input,
        q: options.q ?? '',
        ...(options.filter ? { eventsFilter: { _: 'channelAdminLogEventsFilter', ...options.filter } } : {}),
        ...(admins && admins.length > 0 ? { admins } : {}),
        maxId,
        minId,
        limit: Math.min(pageSize, total - yielded),
      },
      call,
    )) as ChannelsAdminLogResults;
    const users = new Map(page.users.map((u) => [u.id, u]));
    let moved = false;
    // newest first; an id not below the bound was already yielded (or is outside the window)
    for (const event of [...page.events].sort((a, b) => (b.id > a.id ? 1 : b.id < a.id ? -1 : 0))) {
      if ((maxId > 0n && event.id >= maxId) || event.id <= minId) continue;
      maxId = event.id;
      moved = true;
      const user = users.get(event.userId);
      yield { event, ...(user ? { user } : {}) };
      if (++yielded >= total) return;
    }
    if (!moved) return;
  }
}
