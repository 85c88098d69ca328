/** `chat` / `channel` objects as one viewer sees them. */
import type { Chat, ChatAdminRights, ChatBannedRights } from '../../../tl/index.js';
import type { AdminRightName, ChatRecord } from '../types.js';

/** Every admin right a creator holds. */
export const ALL_ADMIN_RIGHTS: AdminRightName[] = [
  'changeInfo',
  'postMessages',
  'editMessages',
  'deleteMessages',
  'banUsers',
  'inviteUsers',
  'pinMessages',
  'addAdmins',
  'manageCall',
  'other',
  'manageTopics',
  'postStories',
  'editStories',
  'deleteStories',
];

/** `chatAdminRights` from a right list. */
export function adminRightsView(rights: readonly AdminRightName[]): ChatAdminRights {
  const out: Record<string, unknown> = { _: 'chatAdminRights' };
  for (const r of rights) out[r] = true;
  return out as unknown as ChatAdminRights;
}

/** Right names set in a `chatAdminRights`. */
export function adminRightsFrom(rights: ChatAdminRights): AdminRightName[] {
  const flags = rights as unknown as Record<string, unknown>;
  return ALL_ADMIN_RIGHTS.concat(['anonymous']).filter((r) => flags[r] === true);
}

function bannedRightsView(untilDate: number, kicked: boolean): ChatBannedRights {
  return kicked
    ? { _: 'chatBannedRights', viewMessages: true, untilDate }
    : { _: 'chatBannedRights', sendMessages: true, untilDate };
}

/** Creator/admin rights of `viewerId`, if any. */
function viewerRights(chat: ChatRecord, viewerId: number | undefined): AdminRightName[] | undefined {
  if (viewerId === undefined || !chat.participants.has(viewerId)) return undefined;
  if (chat.creatorId === viewerId) return ALL_ADMIN_RIGHTS;
  return chat.admins.get(viewerId)?.rights;
}

/** The `chat` (basic group) or `channel` constructor as `viewerId` sees the chat. */
export function chatView(chat: ChatRecord, viewerId: number | undefined): Chat {
  const member = viewerId !== undefined && chat.participants.has(viewerId);
  const creator = member && chat.creatorId === viewerId;
  const rights = viewerRights(chat, viewerId);
  if (chat.kind === 'chat') {
    return {
      _: 'chat',
      id: chat.id,
      title: chat.title,
      photo: { _: 'chatPhotoEmpty' },
      participantsCount: chat.participants.size,
      date: chat.date,
      version: chat.version,
      ...(creator ? { creator: true } : {}),
      ...(!member ? { left: true } : {}),
      ...(chat.migratedTo !== undefined ? { deactivated: true } : {}),
      ...(rights && !creator ? { adminRights: adminRightsView(rights) } : {}),
    };
  }
  const ban = viewerId === undefined ? undefined : chat.banned.get(viewerId);
  return {
    _: 'channel',
    id: chat.id,
    accessHash: chat.accessHash,
    title: chat.title,
    photo: { _: 'chatPhotoEmpty' },
    date: chat.date,
    participantsCount: chat.participants.size,
    ...(chat.username ? { username: chat.username } : {}),
    ...(chat.broadcast ? { broadcast: true } : {}),
    ...(chat.megagroup ? { megagroup: true } : {}),
    ...(chat.monoforum ? { monoforum: true } : {}),
    ...(chat.joinRequest ? { joinRequest: true } : {}),
    ...(chat.verified ? { verified: true } : {}),
    ...(chat.scam ? { scam: true } : {}),
    ...(chat.fake ? { fake: true } : {}),
    ...(creator ? { creator: true } : {}),
    ...(!member ? { left: true } : {}),
    ...(rights ? { adminRights: adminRightsView(rights) } : {}),
    ...(ban ? { bannedRights: bannedRightsView(ban.untilDate, ban.kicked) } : {}),
  };
}

/** Chat views for several chats. */
export function chatsView(chats: Iterable<ChatRecord>, viewerId: number | undefined): Chat[] {
  const out: Chat[] = [];
  for (const chat of chats) out.push(chatView(chat, viewerId));
  return out;
}
