/**
 * channels.getAdminLog over the events of `admin-log.ts` (https://core.telegram.org/method/channels.getAdminLog).
 *
 * - Caller: a user (bots → `BOT_METHOD_INVALID`), the channel's creator or one of its admins.
 * - `q`: case-insensitive substring of an event's invite link as the caller sees it, or of its title
 *   (both links of an edit); an empty `q` matches everything.
 * - `events_filter`: `join` selects joins (by link and by request), `invites` selects link revoke/edit/delete;
 *   other flags select nothing the world records. No filter → every event.
 * - `admins`: only events whose actor is one of these users (unknown entries are skipped; an empty vector is
 *   no filter).
 * - `max_id`/`min_id` are exclusive bounds (0 = none); newest first; `limit` clamped to 1..100.
 */
import type { HandlerRegistry } from '../../context.js';
import type { ChannelAdminLogEventsFilter } from '../../../tl/index.js';
import { isMember, requireHuman, resolveInputChannel, resolveInputUser } from '../access.js';
import { adminLogOf } from '../admin-log.js';
import { fail } from '../errors.js';
import type { AdminLogAction, AdminLogEventRecord, ChatRecord, UserRecord } from '../types.js';
import { adminLogEventView, eventInvite, eventLinks, eventUserIds } from '../views/admin-log.js';
import { chatView } from '../views/chat.js';
import { usersView } from '../views/user.js';
import type { World } from '../world.js';
import { clampLimit, type Result } from './common.js';

/** Which `channelAdminLogEventsFilter` flag selects each recorded action. */
const FILTER_FLAG: Record<AdminLogAction['kind'], 'join' | 'invites'> = {
  inviteRevoke: 'invites',
  inviteEdit: 'invites',
  inviteDelete: 'invites',
  joinByInvite: 'join',
  joinByRequest: 'join',
};

/** Creator or admin (any rights) of a channel the caller is in; the documented errors otherwise. */
function requireLogReader(chat: ChatRecord, caller: UserRecord): void {
  if (!isMember(chat, caller.id)) {
    // A public channel is visible to non-members, so there the missing right is the admin one.
    const visible = chat.username !== undefined && chat.banned.get(caller.id)?.kicked !== true;
    fail(visible ? 'adminLogAdminRequired' : 'adminLogNotMember');
  }
  if (chat.creatorId !== caller.id && !chat.admins.has(caller.id)) fail('adminLogAdminRequired');
}

/** True when `q` (lower-cased, non-empty) occurs in one of the event's links or titles as `viewerId` sees them. */
function matchesQuery(chat: ChatRecord, event: AdminLogEventRecord, q: string, viewerId: number): boolean {
  return eventLinks(event).some((link) => {
    const view = eventInvite(chat, link, viewerId);
    if (view._ !== 'chatInviteExported') return false;
    return view.link.toLowerCase().includes(q) || (view.title ?? '').toLowerCase().includes(q);
  });
}

/** Installs channels.getAdminLog. */
export function installAdminLog(registry: HandlerRegistry, world: World): void {
  registry.handle('channels.getAdminLog', (req, ctx): Result<'channels.getAdminLog'> => {
    const caller = requireHuman(world, ctx);
    const chat = resolveInputChannel(world, caller, req.channel, false);
    requireLogReader(chat, caller);
    const filter: ChannelAdminLogEventsFilter | undefined = req.eventsFilter;
    let actors: Set<number> | undefined;
    if (req.admins !== undefined && req.admins.length > 0) {
      actors = new Set();
      for (const input of req.admins) {
        const user = resolveInputUser(world, caller, input);
        if (user) actors.add(user.id);
      }
    }
    const q = req.q.trim().toLowerCase();
    const limit = clampLimit(world, req.limit);
    const log = adminLogOf(chat);
    const picked: AdminLogEventRecord[] = [];
    for (let i = log.length - 1; i >= 0 && picked.length < limit; i--) {
      const event = log[i] as AdminLogEventRecord;
      if (req.maxId > 0n && event.id >= req.maxId) continue;
      if (req.minId > 0n && event.id <= req.minId) break;
      if (filter && filter[FILTER_FLAG[event.action.kind]] !== true) continue;
      if (actors && !actors.has(event.userId)) continue;
      if (q !== '' && !matchesQuery(chat, event, q, caller.id)) continue;
      picked.push(event);
    }
    return {
      _: 'channels.adminLogResults',
      events: picked.map((e) => adminLogEventView(chat, e, caller.id)),
      chats: [chatView(chat, caller.id)],
      users: usersView(world.users, picked.flatMap(eventUserIds), caller.id),
    };
  });
}
