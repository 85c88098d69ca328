/** Joining and leaving: participant records, link usage slots and the bots' chat_member stream. */
import type { ExportedChatInvite } from '../../tl/index.js';
import { INFERRED_BEHAVIOUR } from './invite-rules.js';
import { botAdmins, type Fanout } from './events.js';
import type { ChatRecord, JoinSource, ParticipantRecord } from './types.js';
import { inviteView } from './views/invite.js';
import { channelParticipantView, chatParticipantView } from './views/participant.js';
import type { World } from './world.js';

/** Supergroups and channels `userId` is in (`CHANNELS_TOO_MUCH` counting). */
export function channelsCount(world: World, userId: number): number {
  let n = 0;
  for (const chat of world.chats.values()) if (chat.kind === 'channel' && !chat.deleted && chat.participants.has(userId)) n++;
  return n;
}

/** The channel-count limit of `userId` (premium doubles it). */
export function channelsLimit(world: World, userId: number): number {
  return world.users.get(userId)?.premium ? world.switches.channelsLimitPremium : world.switches.channelsLimitDefault;
}

/** Member cap of a chat. */
export function memberCap(world: World, chat: ChatRecord): number {
  return chat.kind === 'chat' ? world.switches.basicGroupMaxMembers : world.switches.channelMaxMembers;
}

/** Queues the chat_member update (`updateChatParticipant` / `updateChannelParticipant`) for bot admins and bot subjects. */
function participantChanged(
  world: World,
  fan: Fanout,
  chat: ChatRecord,
  actorId: number,
  userId: number,
  prev: ParticipantRecord | undefined,
  date: number,
  invite?: { hash: string },
): void {
  const recipients = new Set(botAdmins(world, chat));
  if (world.users.get(userId)?.bot) recipients.add(userId);
  for (const bot of recipients) {
    const link = invite ? chat.links.get(invite.hash) : undefined;
    const inviteObj: ExportedChatInvite | undefined = link ? inviteView(link, link.adminId !== bot) : undefined;
    const now = chat.participants.get(userId);
    if (chat.kind === 'chat') {
      fan.addQts(
        bot,
        date,
        (qts) => ({
          _: 'updateChatParticipant',
          chatId: chat.id,
          date,
          actorId,
          userId,
          qts,
          ...(prev ? { prevParticipant: chatParticipantView(chat, prev) } : {}),
          ...(now ? { newParticipant: chatParticipantView(chat, now) } : {}),
          ...(inviteObj ? { invite: inviteObj } : {}),
        }),
        [actorId, userId],
        [chat],
      );
    } else {
      fan.addQts(
        bot,
        date,
        (qts) => ({
          _: 'updateChannelParticipant',
          channelId: chat.id,
          date,
          actorId,
          userId,
          qts,
          ...(prev ? { prevParticipant: { _: 'channelParticipant', userId, date: prev.date } } : {}),
          ...(now ? { newParticipant: channelParticipantView(chat, userId, -1) } : {}),
          ...(inviteObj ? { invite: inviteObj } : {}),
        }),
        [actorId, userId],
        [chat],
      );
    }
  }
}

/** Adds a member (no-op when already in). */
export function addParticipant(
  world: World,
  fan: Fanout | undefined,
  chat: ChatRecord,
  userId: number,
  opts: { inviterId: number; source: JoinSource; date: number; viaLink?: string; subscriptionUntil?: number },
): ParticipantRecord {
  const existing = chat.participants.get(userId);
  if (existing) return existing;
  const record: ParticipantRecord = { userId, inviterId: opts.inviterId, date: opts.date, source: opts.source };
  if (opts.viaLink !== undefined) record.viaLink = opts.viaLink;
  if (opts.subscriptionUntil !== undefined) record.subscriptionUntil = opts.subscriptionUntil;
  chat.participants.set(userId, record);
  chat.left.delete(userId);
  world.bots.noteJoined(chat, userId);
  if (chat.kind === 'chat') chat.version++;
  if (fan) {
    const actor = opts.source === 'link' || opts.source === 'self' || opts.source === 'request' ? userId : opts.inviterId;
    participantChanged(world, fan, chat, actor, userId, undefined, opts.date, opts.viaLink ? { hash: opts.viaLink } : undefined);
  }
  return record;
}

/** Removes a member; frees its link slot (spec §1.1) and its admin rights. Returns the removed record. */
export function removeParticipant(
  world: World,
  fan: Fanout | undefined,
  chat: ChatRecord,
  userId: number,
  actorId: number,
  date: number,
): ParticipantRecord | undefined {
  const record = chat.participants.get(userId);
  if (!record) return undefined;
  chat.participants.delete(userId);
  chat.left.add(userId);
  chat.admins.delete(userId);
  if (chat.kind === 'chat') chat.version++;
  if (INFERRED_BEHAVIOUR.freeSlotOnLeave && record.viaLink !== undefined) {
    const link = chat.links.get(record.viaLink);
    if (link && link.usage > 0) link.usage--;
  }
  if (fan) participantChanged(world, fan, chat, actorId, userId, record, date);
  return record;
}
