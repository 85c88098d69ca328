/** Importers and join requests (spec §9, §12): getChatInviteImporters, hideChatJoinRequest, hideAllChatJoinRequests. */
import { RpcError } from '../../../errors.js';
import type { HandlerRegistry } from '../../context.js';
import type { ChatInviteImporter } from '../../../tl/index.js';
import { requireHuman, requireUser, resolveInputUser, resolveManagedPeer } from '../access.js';
import { fail } from '../errors.js';
import { Fanout, pendingRequestsChanged } from '../events.js';
import { channelsCount, channelsLimit, memberCap } from '../membership.js';
import { expiredSubscribers } from '../subscriptions.js';
import type { ChatRecord, JoinRequestRecord, UserRecord } from '../types.js';
import { usersView } from '../views/user.js';
import type { World } from '../world.js';
import { clampLimit, lookupManagedLink, type Result } from './common.js';
import { joinThroughLink } from './invites-join.js';

/** Case-insensitive prefix match on first name, last name or username (spec §9). */
function matchesQuery(user: UserRecord | undefined, q: string): boolean {
  if (!user) return false;
  const needle = q.toLowerCase();
  return [user.firstName, user.lastName, user.username].some((s) => s !== undefined && s.toLowerCase().startsWith(needle));
}

/** Drops a pending request and its link counter. */
function dropRequest(chat: ChatRecord, request: JoinRequestRecord): void {
  chat.requests.delete(request.userId);
  if (request.hash !== undefined) {
    const link = chat.links.get(request.hash);
    if (link && link.requested > 0) link.requested--;
  }
}

/**
 * Handles one request (spec §12 steps 3–4 and effect). Returns the step-4 error when approval is impossible;
 * an already-member requester has the request dropped and gets `USER_ALREADY_PARTICIPANT`.
 */
function handleRequest(
  world: World,
  fan: Fanout,
  chat: ChatRecord,
  caller: UserRecord,
  request: JoinRequestRecord,
  approved: boolean,
  now: number,
): RpcError | undefined {
  const requester = world.users.get(request.userId);
  if (approved && requester) {
    if (chat.participants.has(requester.id)) {
      dropRequest(chat, request);
      return new RpcError(400, 'USER_ALREADY_PARTICIPANT');
    }
    if (chat.kind === 'channel' && channelsCount(world, requester.id) >= channelsLimit(world, requester.id)) {
      return new RpcError(403, 'USER_CHANNELS_TOO_MUCH');
    }
    if (chat.participants.size >= memberCap(world, chat)) return new RpcError(400, 'USERS_TOO_MUCH');
  }
  dropRequest(chat, request);
  if (approved && requester && !requester.deleted) {
    const link = request.hash === undefined ? undefined : chat.links.get(request.hash);
    joinThroughLink(world, fan, chat, requester, link, now, caller.id);
  }
  return undefined;
}

/** Installs the §9 and §12 handlers. */
export function installInviteRequests(registry: HandlerRegistry, world: World): void {
  registry.handle('messages.getChatInviteImporters', (req, ctx): Result<'messages.getChatInviteImporters'> => {
    const caller = requireHuman(world, ctx);
    const chat = resolveManagedPeer(world, caller, req.peer);
    if (req.q !== undefined && req.link !== undefined) fail('searchWithLink');
    const link = req.link === undefined ? undefined : lookupManagedLink(chat, caller, req.link);
    const now = ctx.now();
    let items: ChatInviteImporter[];
    if (req.requested === true) {
      // §9: `q` only applies to pending requests (ignored otherwise).
      const q = req.q ?? '';
      items = [...chat.requests.values()]
        .filter((r) => link === undefined || r.hash === link.hash)
        .filter((r) => q === '' || matchesQuery(world.users.get(r.userId), q))
        .map((r) => ({ _: 'chatInviteImporter', requested: true, userId: r.userId, date: r.date, about: r.about }));
    } else if (req.subscriptionExpired === true) {
      // §9: users who joined through a paid link (this one, or any) and whose paid period has ended.
      items = expiredSubscribers(chat, now, link?.hash).map((i) => ({ _: 'chatInviteImporter', userId: i.userId, date: i.date }));
    } else if (link !== undefined) {
      items = chat.importers
        .filter((i) => i.hash === link.hash)
        .map((i) => ({
          _: 'chatInviteImporter',
          userId: i.userId,
          date: i.date,
          ...(i.approvedBy !== undefined ? { approvedBy: i.approvedBy } : {}),
          ...(i.viaChatlist ? { viaChatlist: true } : {}),
        }));
    } else {
      items = [];
    }
    items.sort((a, b) => b.date - a.date || b.userId - a.userId);
    let page = items;
    if (req.offsetDate !== 0) {
      const offsetUser = resolveInputUser(world, caller, req.offsetUser)?.id ?? 0;
      page = items.filter((i) => i.date < req.offsetDate || (i.date === req.offsetDate && i.userId < offsetUser));
    }
    page = page.slice(0, clampLimit(world, req.limit));
    return {
      _: 'messages.chatInviteImporters',
      count: items.length,
      importers: page,
      users: usersView(
        world.users,
        page.flatMap((i) => (i.approvedBy !== undefined ? [i.userId, i.approvedBy] : [i.userId])),
        caller.id,
      ),
    };
  });

  registry.handle('messages.hideChatJoinRequest', (req, ctx): Result<'messages.hideChatJoinRequest'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveManagedPeer(world, caller, req.peer);
    const requester = resolveInputUser(world, caller, req.userId);
    if (!requester) fail('userIdInvalid');
    if (requester.deleted) fail('peerUserDeleted');
    const request = chat.requests.get(requester.id);
    if (!request) fail('hideMissing');
    const now = ctx.now();
    const fan = new Fanout(world);
    const error = handleRequest(world, fan, chat, caller, request, req.approved === true, now);
    if (error) {
      if (!chat.requests.has(requester.id)) {
        pendingRequestsChanged(world, fan, chat);
        fan.deliver(ctx, caller.id);
        world.changed();
      }
      throw error;
    }
    pendingRequestsChanged(world, fan, chat);
    const updates = fan.deliver(ctx, caller.id);
    world.changed();
    return updates;
  });

  registry.handle('messages.hideAllChatJoinRequests', (req, ctx): Result<'messages.hideAllChatJoinRequests'> => {
    const caller = requireHuman(world, ctx);
    const chat = resolveManagedPeer(world, caller, req.peer);
    const link = req.link === undefined ? undefined : lookupManagedLink(chat, caller, req.link);
    const matching = [...chat.requests.values()].filter((r) => link === undefined || r.hash === link.hash);
    if (matching.length === 0) fail('hideMissing');
    const now = ctx.now();
    const fan = new Fanout(world);
    let lastError: RpcError | undefined;
    let handled = 0;
    for (const request of matching.sort((a, b) => a.date - b.date)) {
      const error = handleRequest(world, fan, chat, caller, request, req.approved === true, now);
      if (error) lastError = error;
      else handled++;
    }
    pendingRequestsChanged(world, fan, chat);
    const updates = fan.deliver(ctx, caller.id);
    world.changed();
    if (handled === 0 && lastError) throw lastError;
    return updates;
  });
}
