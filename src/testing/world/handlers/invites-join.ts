/** Joining through links (spec §10–§11): checkChatInvite, importChatInvite; and the join step shared with §12. */
import type { HandlerRegistry } from '../../context.js';
import type { ChatInvite, Updates } from '../../../tl/index.js';
import { requireHuman } from '../access.js';
import { linkSnapshot, logAdminEvent } from '../admin-log.js';
import { fail } from '../errors.js';
import { botAdmins, channelChanged, Fanout, pendingRequestsChanged, postServiceMessage } from '../events.js';
import { INFERRED_BEHAVIOUR } from '../invite-rules.js';
import { isExpired } from '../links.js';
import { addParticipant, channelsCount, channelsLimit, memberCap } from '../membership.js';
import { randomLong } from '../random.js';
import { refreshExpiredCounters } from '../subscriptions.js';
import type { ChatRecord, LinkRecord, UserRecord } from '../types.js';
import { chatView } from '../views/chat.js';
import { inviteView } from '../views/invite.js';
import { chatPeer } from '../views/message.js';
import { userView } from '../views/user.js';
import type { World } from '../world.js';
import type { Result } from './common.js';

/** Steps 1–3 of §10/§11: a well-formed hash of a live link. */
function liveLink(world: World, hash: string, now: number): { chat: ChatRecord; link: LinkRecord } {
  if (hash === '') fail('hashEmpty');
  if (hash.length > world.switches.hashMaxLength || !/^[A-Za-z0-9_-]+$/.test(hash)) fail('hashInvalid');
  const found = world.findLink(hash);
  if (!found || found.link.revoked || isExpired(found.link, now)) fail('hashExpired');
  return found;
}

/** True when the chat bars `userId` (kicked). */
export function isBanned(chat: ChatRecord, userId: number): boolean {
  return chat.banned.get(userId)?.kicked === true;
}

/**
 * Spec §11.10 / §12: adds `user` to the chat through `link` (or an approved request), records the importer,
 * posts the join service message and queues the updates. `approvedBy` marks a join by request.
 */
export function joinThroughLink(
  world: World,
  fan: Fanout,
  chat: ChatRecord,
  user: UserRecord,
  link: LinkRecord | undefined,
  now: number,
  approvedBy?: number,
): void {
  const byRequest = approvedBy !== undefined;
  const subscriptionUntil = chat.subscriptions.get(user.id);
  refreshExpiredCounters(chat, now);
  addParticipant(world, fan, chat, user.id, {
    inviterId: approvedBy ?? link?.adminId ?? chat.creatorId,
    source: byRequest ? 'request' : 'link',
    date: now,
    ...(link ? { viaLink: link.hash } : {}),
    ...(link?.subscriptionPricing && subscriptionUntil !== undefined ? { subscriptionUntil } : {}),
  });
  if (link) {
    link.usage++;
    chat.importers.push({ userId: user.id, date: now, hash: link.hash, ...(byRequest ? { approvedBy } : {}) });
  }
  // Spec §11.10 / §12: channels log the join with the link as it is after it.
  if (approvedBy !== undefined) {
    logAdminEvent(world, chat, user.id, now, { kind: 'joinByRequest', approvedBy, ...(link ? { invite: linkSnapshot(link) } : {}) });
  } else if (link) {
    logAdminEvent(world, chat, user.id, now, { kind: 'joinByInvite', invite: linkSnapshot(link) });
  }
  if (!(chat.broadcast && INFERRED_BEHAVIOUR.noJoinMessageInBroadcast)) {
    const action = byRequest
      ? ({ _: 'messageActionChatJoinedByRequest' } as const)
      : ({ _: 'messageActionChatJoinedByLink', inviterId: link?.adminId ?? chat.creatorId } as const);
    postServiceMessage(world, fan, chat, user.id, action, [], now);
  }
  channelChanged(fan, chat, [user.id]);
}

/** Spec §11.7 / §13: stores a pending request and notifies admins (user admins and bot admins). */
function storeJoinRequest(world: World, fan: Fanout, chat: ChatRecord, user: UserRecord, link: LinkRecord, now: number): boolean {
  if (chat.requests.has(user.id)) return false;
  const about = user.about ?? '';
  chat.requests.set(user.id, { userId: user.id, date: now, about, hash: link.hash });
  link.requested++;
  pendingRequestsChanged(world, fan, chat);
  for (const bot of botAdmins(world, chat)) {
    fan.addQts(
      bot,
      now,
      (qts) => ({
        _: 'updateBotChatInviteRequester',
        peer: chatPeer(chat),
        date: now,
        userId: user.id,
        about,
        invite: link.requestNeeded || !chat.joinRequest ? inviteView(link, link.adminId !== bot) : { _: 'chatInvitePublicJoinRequests' },
        qts,
      }),
      [user.id],
      [chat],
    );
  }
  return true;
}

/** Installs checkChatInvite and importChatInvite. */
export function installInviteJoin(registry: HandlerRegistry, world: World): void {
  registry.handle('messages.checkChatInvite', (req, ctx): Result<'messages.checkChatInvite'> => {
    const caller = requireHuman(world, ctx);
    const now = ctx.now();
    const { chat, link } = liveLink(world, req.hash, now);
    if (chat.deleted || chat.migratedTo !== undefined) fail('hashExpired');
    if (isBanned(chat, caller.id)) fail('checkBanned');
    if (chat.participants.has(caller.id)) return { _: 'chatInviteAlready', chat: chatView(chat, caller.id) };
    if (world.switches.peekMode && chat.kind === 'channel') {
      return { _: 'chatInvitePeek', chat: chatView(chat, caller.id), expires: now + world.switches.peekSeconds };
    }
    const isGroup = !chat.broadcast;
    const previewIds = isGroup || !INFERRED_BEHAVIOUR.previewParticipantsGroupsOnly
      ? [...chat.participants.keys()].slice(0, world.switches.previewParticipants)
      : [];
    const paid = link.subscriptionPricing;
    const paidUntil = chat.subscriptions.get(caller.id);
    const invite: ChatInvite = {
      _: 'chatInvite',
      title: chat.title,
      photo: { _: 'photoEmpty', id: 0n },
      participantsCount: chat.participants.size,
      color: chat.color,
      ...(chat.kind === 'channel' ? { channel: true } : {}),
      ...(chat.broadcast ? { broadcast: true } : {}),
      ...(chat.megagroup ? { megagroup: true } : {}),
      ...(chat.username ? { public: true } : {}),
      ...(link.requestNeeded || chat.joinRequest ? { requestNeeded: true } : {}),
      ...(chat.about ? { about: chat.about } : {}),
      ...(previewIds.length > 0
        ? { participants: previewIds.flatMap((id) => {
            const u = world.users.get(id);
            return u ? [userView(u, caller.id)] : [];
          }) }
        : {}),
      ...(chat.verified ? { verified: true } : {}),
      ...(chat.scam ? { scam: true } : {}),
      ...(chat.fake ? { fake: true } : {}),
      ...(paid ? { subscriptionPricing: { _: 'starsSubscriptionPricing', period: paid.period, amount: paid.amount } } : {}),
      ...(paid && paidUntil !== undefined && paidUntil > now
        ? { canRefulfillSubscription: true }
        : paid
          ? { subscriptionFormId: randomLong() }
          : {}),
    };
    return invite;
  });

  registry.handle('messages.importChatInvite', (req, ctx): Result<'messages.importChatInvite'> => {
    const caller = requireHuman(world, ctx);
    const now = ctx.now();
    const { chat, link } = liveLink(world, req.hash, now);
    if (chat.kind === 'channel' && chat.deleted) fail('importDeletedChannel');
    if (chat.migratedTo !== undefined) fail('importMigratedChat');
    if (isBanned(chat, caller.id)) fail('importBanned');
    if (chat.participants.has(caller.id)) fail('alreadyParticipant');
    const fan = new Fanout(world);
    const paidUntil = chat.subscriptions.get(caller.id);
    const rejoin = link.subscriptionPricing !== undefined && paidUntil !== undefined && paidUntil > now;
    if (!rejoin) {
      if (link.subscriptionPricing) fail('paymentRequired');
      if (link.requestNeeded || chat.joinRequest) {
        if (storeJoinRequest(world, fan, chat, caller, link, now)) {
          fan.deliver(ctx, caller.id);
          world.changed();
        }
        fail('requestSent');
      }
      if (chat.kind === 'channel' && channelsCount(world, caller.id) >= channelsLimit(world, caller.id)) fail('channelsTooMuch');
      if (chat.participants.size >= memberCap(world, chat)) fail('usersTooMuch');
    }
    joinThroughLink(world, fan, chat, caller, link, now);
    const updates: Updates = fan.deliver(ctx, caller.id);
    world.changed();
    return { _: 'messages.chatInviteJoinResultOk', updates };
  });
}
