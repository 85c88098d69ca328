/** Creating chats and channels, membership and admin changes, bans, participant lists. */
import type { HandlerRegistry } from '../../context.js';
import type { ChannelParticipant, InputPeer } from '../../../tl/index.js';
import { isCreator, mayManageLinks, requireHuman, requireUser, resolveChatId, resolveInputChannel, resolveInputUser } from '../access.js';
import { rpcFail } from '../errors.js';
import { channelChanged, Fanout, postServiceMessage } from '../events.js';
import { ensurePrimaryLink } from '../links.js';
import { addParticipant, channelsCount, channelsLimit, memberCap, removeParticipant } from '../membership.js';
import { newChatRecord } from '../seed.js';
import type { ChatRecord, UserRecord } from '../types.js';
import { adminRightsFrom } from '../views/chat.js';
import { channelParticipantView } from '../views/participant.js';
import { usersView } from '../views/user.js';
import type { World } from '../world.js';
import type { Result } from './common.js';

/** Creator, or an admin holding `right`. */
function hasRight(chat: ChatRecord, userId: number, right: 'addAdmins' | 'banUsers' | 'inviteUsers'): boolean {
  if (isCreator(chat, userId)) return true;
  const admin = chat.admins.get(userId);
  return admin !== undefined && chat.participants.has(userId) && (chat.kind === 'chat' || admin.rights.includes(right));
}

/** Resolves the user of a `participant` InputPeer. */
function peerUser(world: World, caller: UserRecord, peer: InputPeer): UserRecord {
  let user: UserRecord | undefined;
  if (peer._ === 'inputPeerSelf') user = caller;
  else if (peer._ === 'inputPeerUser') {
    const u = world.users.get(peer.userId);
    if (u && u.accessHash === peer.accessHash) user = u;
  }
  if (!user) rpcFail(400, 'PARTICIPANT_ID_INVALID');
  return user;
}

function invited(updates: Result<'channels.inviteToChannel'>['updates']): Result<'channels.inviteToChannel'> {
  return { _: 'messages.invitedUsers', updates, missingInvitees: [] };
}

/** Installs the chat handlers. */
export function installChats(registry: HandlerRegistry, world: World): void {
  registry.handle('channels.createChannel', (req, ctx): Result<'channels.createChannel'> => {
    const caller = requireHuman(world, ctx);
    if (req.title.trim() === '') rpcFail(400, 'CHAT_TITLE_EMPTY');
    const now = ctx.now();
    const megagroup = req.megagroup === true;
    const chat = newChatRecord(world, 'channel', { title: req.title, about: req.about, creatorId: caller.id, date: now, megagroup, broadcast: !megagroup });
    addParticipant(world, undefined, chat, caller.id, { inviterId: caller.id, source: 'creator', date: now });
    ensurePrimaryLink(world, chat, caller.id, now);
    const fan = new Fanout(world);
    channelChanged(fan, chat, [caller.id]);
    postServiceMessage(world, fan, chat, caller.id, { _: 'messageActionChannelCreate', title: req.title }, [], now);
    world.changed();
    return fan.deliver(ctx, caller.id);
  });

  registry.handle('messages.createChat', (req, ctx): Result<'messages.createChat'> => {
    const caller = requireHuman(world, ctx);
    if (req.title.trim() === '') rpcFail(400, 'CHAT_TITLE_EMPTY');
    const users = req.users.map((u) => resolveInputUser(world, caller, u)).filter((u): u is UserRecord => !!u && !u.deleted && u.id !== caller.id);
    const now = ctx.now();
    const chat = newChatRecord(world, 'chat', { title: req.title, creatorId: caller.id, date: now });
    addParticipant(world, undefined, chat, caller.id, { inviterId: caller.id, source: 'creator', date: now });
    const fan = new Fanout(world);
    for (const u of users) addParticipant(world, fan, chat, u.id, { inviterId: caller.id, source: 'invited', date: now });
    ensurePrimaryLink(world, chat, caller.id, now);
    const ids = users.map((u) => u.id);
    postServiceMessage(world, fan, chat, caller.id, { _: 'messageActionChatCreate', title: req.title, users: ids }, ids, now);
    world.changed();
    return invited(fan.deliver(ctx, caller.id));
  });

  registry.handle('channels.editAdmin', (req, ctx): Result<'channels.editAdmin'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveInputChannel(world, caller, req.channel);
    if (!hasRight(chat, caller.id, 'addAdmins')) rpcFail(400, 'CHAT_ADMIN_REQUIRED');
    const target = resolveInputUser(world, caller, req.userId);
    if (!target || target.deleted) rpcFail(400, 'USER_ID_INVALID');
    if (target.id === chat.creatorId) rpcFail(400, 'USER_CREATOR');
    const now = ctx.now();
    const fan = new Fanout(world);
    const rights = adminRightsFrom(req.adminRights);
    if (rights.length === 0) {
      chat.admins.delete(target.id);
    } else {
      if (!chat.participants.has(target.id)) {
        if (chat.banned.get(target.id)?.kicked) rpcFail(400, 'USER_KICKED');
        addParticipant(world, fan, chat, target.id, { inviterId: caller.id, source: 'invited', date: now });
      }
      chat.admins.set(target.id, {
        userId: target.id,
        rights,
        promotedBy: caller.id,
        date: now,
        ...(req.rank ? { rank: req.rank } : {}),
      });
      chat.everAdmins.add(target.id);
    }
    channelChanged(fan, chat, [caller.id, target.id]);
    world.changed();
    return fan.deliver(ctx, caller.id);
  });

  registry.handle('messages.editChatAdmin', (req, ctx): Result<'messages.editChatAdmin'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveChatId(world, req.chatId);
    if (!isCreator(chat, caller.id)) rpcFail(400, 'CHAT_ADMIN_REQUIRED');
    const target = resolveInputUser(world, caller, req.userId);
    if (!target) rpcFail(400, 'USER_ID_INVALID');
    if (!chat.participants.has(target.id)) rpcFail(400, 'USER_NOT_PARTICIPANT');
    if (target.id === chat.creatorId) return true;
    if (req.isAdmin) {
      chat.admins.set(target.id, { userId: target.id, rights: [], promotedBy: caller.id, date: ctx.now() });
      chat.everAdmins.add(target.id);
    } else {
      chat.admins.delete(target.id);
    }
    chat.version++;
    world.changed();
    return true;
  });

  registry.handle('channels.inviteToChannel', (req, ctx): Result<'channels.inviteToChannel'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveInputChannel(world, caller, req.channel);
    if (!hasRight(chat, caller.id, 'inviteUsers') && !(chat.megagroup && chat.participants.has(caller.id))) {
      rpcFail(400, 'CHAT_ADMIN_REQUIRED');
    }
    const now = ctx.now();
    const fan = new Fanout(world);
    const added: number[] = [];
    for (const input of req.users) {
      const user = resolveInputUser(world, caller, input);
      if (!user || user.deleted) rpcFail(400, 'USER_ID_INVALID');
      if (chat.participants.has(user.id)) continue;
      if (chat.banned.get(user.id)?.kicked) rpcFail(400, 'USER_KICKED');
      if (channelsCount(world, user.id) >= channelsLimit(world, user.id)) rpcFail(400, 'USER_CHANNELS_TOO_MUCH');
      if (chat.participants.size >= memberCap(world, chat)) rpcFail(400, 'USERS_TOO_MUCH');
      addParticipant(world, fan, chat, user.id, { inviterId: caller.id, source: 'invited', date: now });
      added.push(user.id);
    }
    if (added.length > 0) {
      if (chat.megagroup) postServiceMessage(world, fan, chat, caller.id, { _: 'messageActionChatAddUser', users: added }, added, now);
      channelChanged(fan, chat, added);
      world.changed();
    }
    return invited(fan.deliver(ctx, caller.id));
  });

  registry.handle('messages.addChatUser', (req, ctx): Result<'messages.addChatUser'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveChatId(world, req.chatId);
    if (chat.migratedTo !== undefined) rpcFail(400, 'CHAT_ID_INVALID');
    if (!chat.participants.has(caller.id)) rpcFail(403, 'CHAT_WRITE_FORBIDDEN');
    const user = resolveInputUser(world, caller, req.userId);
    if (!user || user.deleted) rpcFail(400, 'USER_ID_INVALID');
    if (chat.participants.has(user.id)) rpcFail(400, 'USER_ALREADY_PARTICIPANT');
    if (chat.participants.size >= memberCap(world, chat)) rpcFail(400, 'USERS_TOO_MUCH');
    const now = ctx.now();
    const fan = new Fanout(world);
    addParticipant(world, fan, chat, user.id, { inviterId: caller.id, source: 'invited', date: now });
    postServiceMessage(world, fan, chat, caller.id, { _: 'messageActionChatAddUser', users: [user.id] }, [user.id], now);
    world.changed();
    return invited(fan.deliver(ctx, caller.id));
  });

  registry.handle('channels.leaveChannel', (req, ctx): Result<'channels.leaveChannel'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveInputChannel(world, caller, req.channel);
    if (!chat.participants.has(caller.id)) rpcFail(400, 'USER_NOT_PARTICIPANT');
    const now = ctx.now();
    const fan = new Fanout(world);
    removeParticipant(world, fan, chat, caller.id, caller.id, now);
    if (chat.megagroup) {
      postServiceMessage(world, fan, chat, caller.id, { _: 'messageActionChatDeleteUser', userId: caller.id }, [caller.id], now, [caller.id]);
    }
    channelChanged(fan, chat, [caller.id]);
    world.changed();
    return fan.deliver(ctx, caller.id);
  });

  registry.handle('messages.deleteChatUser', (req, ctx): Result<'messages.deleteChatUser'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveChatId(world, req.chatId);
    const target = resolveInputUser(world, caller, req.userId);
    if (!target) rpcFail(400, 'USER_ID_INVALID');
    if (!chat.participants.has(target.id)) rpcFail(400, 'USER_NOT_PARTICIPANT');
    if (target.id !== caller.id && !hasRight(chat, caller.id, 'banUsers') && chat.participants.get(target.id)?.inviterId !== caller.id) {
      rpcFail(400, 'CHAT_ADMIN_REQUIRED');
    }
    const now = ctx.now();
    const fan = new Fanout(world);
    removeParticipant(world, fan, chat, target.id, caller.id, now);
    postServiceMessage(world, fan, chat, caller.id, { _: 'messageActionChatDeleteUser', userId: target.id }, [target.id], now, [target.id]);
    world.changed();
    return fan.deliver(ctx, caller.id);
  });

  registry.handle('channels.editBanned', (req, ctx): Result<'channels.editBanned'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveInputChannel(world, caller, req.channel);
    if (!hasRight(chat, caller.id, 'banUsers')) rpcFail(400, 'CHAT_ADMIN_REQUIRED');
    const target = peerUser(world, caller, req.participant);
    if (target.id === chat.creatorId || target.id === caller.id) rpcFail(400, 'USER_ADMIN_INVALID');
    const rights = req.bannedRights as unknown as Record<string, unknown>;
    const any = Object.entries(rights).some(([k, v]) => k !== '_' && k !== 'untilDate' && v === true);
    const now = ctx.now();
    const fan = new Fanout(world);
    if (!any) {
      chat.banned.delete(target.id);
    } else {
      const kicked = rights['viewMessages'] === true;
      chat.banned.set(target.id, { userId: target.id, kickedBy: caller.id, date: now, kicked, untilDate: req.bannedRights.untilDate });
      chat.admins.delete(target.id);
      if (kicked && chat.participants.has(target.id)) {
        removeParticipant(world, fan, chat, target.id, caller.id, now);
        if (chat.megagroup) {
          postServiceMessage(world, fan, chat, caller.id, { _: 'messageActionChatDeleteUser', userId: target.id }, [target.id], now, [target.id]);
        }
      }
    }
    channelChanged(fan, chat, [caller.id, target.id]);
    world.changed();
    return fan.deliver(ctx, caller.id);
  });

  registry.handle('channels.getParticipant', (req, ctx): Result<'channels.getParticipant'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveInputChannel(world, caller, req.channel);
    const target = peerUser(world, caller, req.participant);
    if (!chat.participants.has(target.id) && !chat.banned.has(target.id)) rpcFail(400, 'USER_NOT_PARTICIPANT');
    return {
      _: 'channels.channelParticipant',
      participant: channelParticipantView(chat, target.id, caller.id),
      chats: [],
      users: usersView(world.users, [target.id], caller.id),
    };
  });

  registry.handle('channels.getParticipants', (req, ctx): Result<'channels.getParticipants'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveInputChannel(world, caller, req.channel);
    if (chat.broadcast && !mayManageLinks(chat, caller.id) && !chat.admins.has(caller.id)) rpcFail(400, 'CHAT_ADMIN_REQUIRED');
    const f = req.filter;
    let ids: number[];
    switch (f._) {
      case 'channelParticipantsAdmins':
        ids = [...chat.participants.keys()].filter((id) => id === chat.creatorId || chat.admins.has(id));
        break;
      case 'channelParticipantsKicked':
        ids = [...chat.banned.values()].filter((b) => b.kicked).map((b) => b.userId);
        break;
      case 'channelParticipantsBanned':
        ids = [...chat.banned.values()].filter((b) => !b.kicked).map((b) => b.userId);
        break;
      case 'channelParticipantsBots':
        ids = [...chat.participants.keys()].filter((id) => world.users.get(id)?.bot);
        break;
      case 'channelParticipantsSearch': {
        const q = f.q.toLowerCase();
        ids = [...chat.participants.keys()].filter((id) => {
          const u = world.users.get(id);
          return !!u && [u.firstName, u.lastName, u.username].some((s) => s?.toLowerCase().includes(q));
        });
        break;
      }
      default:
        ids = [...chat.participants.keys()];
    }
    const page = ids.slice(Math.max(0, req.offset), Math.max(0, req.offset) + Math.max(0, Math.min(200, req.limit)));
    const participants: ChannelParticipant[] = page.map((id) => channelParticipantView(chat, id, caller.id));
    return {
      _: 'channels.channelParticipants',
      count: ids.length,
      participants,
      chats: [],
      users: usersView(world.users, page, caller.id),
    };
  });
}
