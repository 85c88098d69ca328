/** `client.chats`: iterators over the account's dialogs, a chat's members, invite links, importers and admin log, bound to one client. */
import type { ChatInviteExported } from '../../tl/index.js';
import type { PeerContext, PeerInput } from '../peers/resolve.js';
import { iterAdminLog, type AdminLogItem, type AdminLogOptions } from './admin-log.js';
import { iterDialogs, type DialogItem, type DialogsOptions } from './dialogs.js';
import { iterInviteImporters, type ImporterItem, type InviteImportersOptions } from './invite-importers.js';
import { iterInviteLinks, type InviteLinksOptions } from './invite-links.js';
import { iterParticipants, type ParticipantItem, type ParticipantsOptions } from './participants.js';

/** The chats room of a client. */
export interface ChatsRoom {
  iterDialogs(options?: DialogsOptions): AsyncGenerator<DialogItem>;
  iterParticipants(chat: PeerInput, options?: ParticipantsOptions): AsyncGenerator<ParticipantItem>;
  iterInviteLinks(chat: PeerInput, options?: InviteLinksOptions): AsyncGenerator<ChatInviteExported>;
  iterInviteImporters(chat: PeerInput, options?: InviteImportersOptions): AsyncGenerator<ImporterItem>;
  iterAdminLog(channel: PeerInput, options?: AdminLogOptions): AsyncGenerator<AdminLogItem>;
}

/** Builds the chats room over `ctx`. */
export function chatsRoom(ctx: PeerContext): ChatsRoom {
  return {
    iterDialogs: (options) => iterDialogs(ctx, options),
    iterParticipants: (chat, options) => iterParticipants(ctx, chat, options),
    iterInviteLinks: (chat, options) => iterInviteLinks(ctx, chat, options),
    iterInviteImporters: (chat, options) => iterInviteImporters(ctx, chat, options),
    iterAdminLog: (channel, options) => iterAdminLog(ctx, channel, options),
  };
}
