/** `channelAdminLogEvent` objects as one viewer sees them. */
import type { ChannelAdminLogEvent, ChannelAdminLogEventAction, ExportedChatInvite } from '../../../tl/index.js';
import type { AdminLogEventRecord, ChatRecord, LinkRecord } from '../types.js';
import { inviteView } from './invite.js';

/**
 * Spec §1.1: other admins' links arrive truncated in admin-log events. The link's own admin and the chat's
 * creator (who may manage every link, §1.3) see them whole.
 */
export function eventInvite(chat: ChatRecord, link: LinkRecord, viewerId: number): ExportedChatInvite {
  return inviteView(link, link.adminId !== viewerId && chat.creatorId !== viewerId);
}

/** The TL action of a stored event. */
export function adminLogActionView(chat: ChatRecord, event: AdminLogEventRecord, viewerId: number): ChannelAdminLogEventAction {
  const a = event.action;
  switch (a.kind) {
    case 'inviteRevoke':
      return { _: 'channelAdminLogEventActionExportedInviteRevoke', invite: eventInvite(chat, a.invite, viewerId) };
    case 'inviteDelete':
      return { _: 'channelAdminLogEventActionExportedInviteDelete', invite: eventInvite(chat, a.invite, viewerId) };
    case 'inviteEdit':
      return {
        _: 'channelAdminLogEventActionExportedInviteEdit',
        prevInvite: eventInvite(chat, a.prev, viewerId),
        newInvite: eventInvite(chat, a.next, viewerId),
      };
    case 'joinByInvite':
      return {
        _: 'channelAdminLogEventActionParticipantJoinByInvite',
        invite: eventInvite(chat, a.invite, viewerId),
        ...(a.viaChatlist ? { viaChatlist: true } : {}),
      };
    case 'joinByRequest':
      return {
        _: 'channelAdminLogEventActionParticipantJoinByRequest',
        // Requests through the public join-request toggle have no link (see chatInvitePublicJoinRequests).
        invite: a.invite ? eventInvite(chat, a.invite, viewerId) : { _: 'chatInvitePublicJoinRequests' },
        approvedBy: a.approvedBy,
      };
  }
}

/** The `channelAdminLogEvent` of a stored event. */
export function adminLogEventView(chat: ChatRecord, event: AdminLogEventRecord, viewerId: number): ChannelAdminLogEvent {
  return { _: 'channelAdminLogEvent', id: event.id, date: event.date, userId: event.userId, action: adminLogActionView(chat, event, viewerId) };
}

/** Links an event carries (for query matching and the users vector). */
export function eventLinks(event: AdminLogEventRecord): LinkRecord[] {
  const a = event.action;
  switch (a.kind) {
    case 'inviteEdit':
      return [a.prev, a.next];
    case 'joinByRequest':
      return a.invite ? [a.invite] : [];
    default:
      return [a.invite];
  }
}

/** Users an event mentions: the actor, link admins and the approver. */
export function eventUserIds(event: AdminLogEventRecord): number[] {
  const ids = [event.userId, ...eventLinks(event).map((l) => l.adminId)];
  if (event.action.kind === 'joinByRequest') ids.push(event.action.approvedBy);
  return ids;
}
