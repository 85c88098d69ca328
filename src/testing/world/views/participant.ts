/** `chatParticipant*` / `channelParticipant*` objects. */
import type { ChannelParticipant, ChatParticipant } from '../../../tl/index.js';
import type { ChatRecord, ParticipantRecord } from '../types.js';
import { ALL_ADMIN_RIGHTS, adminRightsView } from './chat.js';
import { userPeer } from './message.js';

/** Basic-group participant entry. */
export function chatParticipantView(chat: ChatRecord, p: ParticipantRecord): ChatParticipant {
  if (chat.creatorId === p.userId) return { _: 'chatParticipantCreator', userId: p.userId };
  if (chat.admins.has(p.userId)) {
    return { _: 'chatParticipantAdmin', userId: p.userId, inviterId: p.inviterId, date: p.date };
  }
  return { _: 'chatParticipant', userId: p.userId, inviterId: p.inviterId, date: p.date };
}

/** Channel participant entry of `userId` as `viewerId` sees it (left/banned included). */
export function channelParticipantView(chat: ChatRecord, userId: number, viewerId: number): ChannelParticipant {
  const p = chat.participants.get(userId);
  const ban = chat.banned.get(userId);
  if (ban) {
    return {
      _: 'channelParticipantBanned',
      peer: userPeer(userId),
      kickedBy: ban.kickedBy,
      date: ban.date,
      bannedRights: ban.kicked
        ? { _: 'chatBannedRights', viewMessages: true, untilDate: ban.untilDate }
        : { _: 'chatBannedRights', sendMessages: true, untilDate: ban.untilDate },
      ...(p ? {} : { left: true }),
    };
  }
  if (!p) return { _: 'channelParticipantLeft', peer: userPeer(userId) };
  if (chat.creatorId === userId) {
    return { _: 'channelParticipantCreator', userId, adminRights: adminRightsView(ALL_ADMIN_RIGHTS) };
  }
  const admin = chat.admins.get(userId);
  if (admin) {
    return {
      _: 'channelParticipantAdmin',
      userId,
      promotedBy: admin.promotedBy,
      date: admin.date,
      adminRights: adminRightsView(admin.rights),
      ...(userId === viewerId ? { self: true, inviterId: p.inviterId } : {}),
      ...(admin.promotedBy === viewerId || chat.creatorId === viewerId ? { canEdit: true } : {}),
      ...(admin.rank ? { rank: admin.rank } : {}),
    };
  }
  if (userId === viewerId) {
    return {
      _: 'channelParticipantSelf',
      userId,
      inviterId: p.inviterId,
      date: p.date,
      ...(p.source === 'request' ? { viaRequest: true } : {}),
      ...(p.subscriptionUntil !== undefined ? { subscriptionUntilDate: p.subscriptionUntil } : {}),
    };
  }
  return {
    _: 'channelParticipant',
    userId,
    date: p.date,
    ...(p.subscriptionUntil !== undefined ? { subscriptionUntilDate: p.subscriptionUntil } : {}),
  };
}
