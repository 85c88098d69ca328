/** `client.chats`: iterators over the account's dialogs and a chat's members, bound to one client. */
import type { PeerContext, PeerInput } from '../peers/resolve.js';
import { iterDialogs, type DialogItem, type DialogsOptions } from './dialogs.js';
import { iterParticipants, type ParticipantItem, type ParticipantsOptions } from './participants.js';

/** The chats room of a client. */
export interface ChatsRoom {
  iterDialogs(options?: DialogsOptions): AsyncGenerator<DialogItem>;
  iterParticipants(chat: PeerInput, options?: ParticipantsOptions): AsyncGenerator<ParticipantItem>;
}

/** Builds the chats room over `ctx`. */
export function chatsRoom(ctx: PeerContext): ChatsRoom {
  return {
    iterDialogs: (options) => iterDialogs(ctx, options),
    iterParticipants: (chat, options) => iterParticipants(ctx, chat, options),
  };
}
