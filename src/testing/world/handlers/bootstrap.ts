/** What a client asks right after connecting: config, nearest DC, update state, users, chats, full chats. */
import type { HandlerRegistry } from '../../context.js';
import type { ChatFull, User } from '../../../tl/index.js';
import { mayManageLinks, requireUser, resolveChatId, resolveInputChannel, resolveInputUser } from '../access.js';
import { rpcFail } from '../errors.js';
import { recentRequesters } from '../events.js';
import { unreadCount } from '../messages/read.js';
import { channelBox } from '../messages/store.js';
import { ensurePrimaryLink } from '../links.js';
import type { ChatRecord, UserRecord } from '../types.js';
import { chatsView, chatView } from '../views/chat.js';
import { inviteView } from '../views/invite.js';
import { chatPeer, userPeer } from '../views/message.js';
import { chatParticipantView } from '../views/participant.js';
import { userView, usersView } from '../views/user.js';
import type { World, WorldCluster } from '../world.js';
import type { Result } from './common.js';

/** `exported_invite` and join-request fields of a full chat, for callers who may manage links (spec §1.2, §13). */
function linkFields(world: World, chat: ChatRecord, viewer: UserRecord, now: number) {
  if (!mayManageLinks(chat, viewer.id)) return {};
  const link = ensurePrimaryLink(world, chat, viewer.id, now);
  const requests = chat.requests.size > 0 ? { requestsPending: chat.requests.size, recentRequesters: recentRequesters(world, chat) } : {};
  return { ...(link ? { exportedInvite: inviteView(link) } : {}), ...requests };
}

/** Read marks and unread count of a channel for `viewer` (`channelFull`). */
function channelReadState(world: World, chat: ChatRecord, viewer: UserRecord): { readInboxMaxId: number; readOutboxMaxId: number; unreadCount: number } {
  const peer = { kind: 'channel' as const, id: chat.id };
  const marks = world.messages.readMarks(viewer.id, peer);
  return { readInboxMaxId: marks.inbox, readOutboxMaxId: marks.outbox, unreadCount: unreadCount(world, viewer.id, channelBox(chat.id), peer, marks.inbox) };
}

/** Installs the bootstrap handlers. */
export function installBootstrap(registry: HandlerRegistry, world: World, cluster: WorldCluster): void {
  registry.handle('help.getConfig', (_req, ctx): Result<'help.getConfig'> => {
    const now = ctx.now();
    const dcOptions = cluster.dcs().flatMap((dc) => [
      { _: 'dcOption' as const, id: dc.id, ipAddress: dc.host, port: dc.port },
      ...(dc.wsPort !== undefined ? [{ _: 'dcOption' as const, id: dc.id, ipAddress: dc.host, port: dc.wsPort, static: true }] : []),
    ]);
    dcOptions.push(...(world.files.cdn?.dcOptions() ?? []));
    return {
      _: 'config',
      date: now,
      expires: now + 3600,
      testMode: world.testMode,
      thisDc: ctx.dcId,
      dcOptions,
      dcTxtDomainName: 'localhost',
      chatSizeMax: world.switches.basicGroupMaxMembers,
      megagroupSizeMax: world.switches.channelMaxMembers,
      forwardedCountMax: 100,
      onlineUpdatePeriodMs: 210000,
      offlineBlurTimeoutMs: 5000,
      offlineIdleTimeoutMs: 30000,
      onlineCloudTimeoutMs: 300000,
      notifyCloudDelayMs: 30000,
      notifyDefaultDelayMs: 1500,
      pushChatPeriodMs: 60000,
      pushChatLimit: 2,
      editTimeLimit: 172800,
      revokeTimeLimit: 2147483647,
      revokePmTimeLimit: 2147483647,
      ratingEDecay: 2419200,
      stickersRecentLimit: 200,
      channelsReadMediaPeriod: 604800,
      callReceiveTimeoutMs: 20000,
      callRingTimeoutMs: 90000,
      callConnectTimeoutMs: 30000,
      callPacketTimeoutMs: 10000,
      meUrlPrefix: 'https://t.me/',
      captionLengthMax: 1024,
      messageLengthMax: 4096,
      webfileDcId: ctx.dcId,
    };
  });

  registry.handle('help.getNearestDc', (_req, ctx): Result<'help.getNearestDc'> => ({
    _: 'nearestDc',
    country: 'NL',
    thisDc: ctx.dcId,
    nearestDc: ctx.dcId,
  }));

  registry.handle('users.getUsers', (req, ctx): Result<'users.getUsers'> => {
    const caller = requireUser(world, ctx);
    const out: User[] = [];
    for (const input of req.id) {
      const user = resolveInputUser(world, caller, input);
      if (user) out.push(userView(user, caller.id));
    }
    // spec §7.6 [I]: bad entries (a wrong hash, a `…FromMessage` whose message does not name the user) are left out; all bad → 400
    if (out.length === 0 && req.id.length > 0) rpcFail(400, 'PEER_ID_INVALID');
    return out;
  });

  registry.handle('users.getFullUser', (req, ctx): Result<'users.getFullUser'> => {
    const caller = requireUser(world, ctx);
    const user = resolveInputUser(world, caller, req.id);
    if (!user) rpcFail(400, 'USER_ID_INVALID');
    let common = 0;
    for (const chat of world.chats.values()) if (chat.participants.has(user.id) && chat.participants.has(caller.id) && user.id !== caller.id) common++;
    return {
      _: 'users.userFull',
      fullUser: {
        _: 'userFull',
        id: user.id,
        settings: { _: 'peerSettings' },
        notifySettings: { _: 'peerNotifySettings' },
        commonChatsCount: common,
        ...(user.about ? { about: user.about } : {}),
      },
      chats: [],
      users: [userView(user, caller.id)],
    };
  });

  registry.handle('contacts.resolveUsername', (req, ctx): Result<'contacts.resolveUsername'> => {
    const caller = requireUser(world, ctx);
    if (!/^[a-zA-Z][\w]{2,31}$/.test(req.username)) rpcFail(400, 'USERNAME_INVALID');
    const found = world.byUsername(req.username);
    if (!found) rpcFail(400, 'USERNAME_NOT_OCCUPIED');
    if ('firstName' in found) {
      return { _: 'contacts.resolvedPeer', peer: userPeer(found.id), chats: [], users: [userView(found, caller.id)] };
    }
    return { _: 'contacts.resolvedPeer', peer: chatPeer(found), chats: [chatView(found, caller.id)], users: [] };
  });

  // spec §7.6: digits only; a number nobody has (or a deleted account) → PHONE_NOT_OCCUPIED
  registry.handle('contacts.resolvePhone', (req, ctx): Result<'contacts.resolvePhone'> => {
    const caller = requireUser(world, ctx);
    const phone = req.phone.replace(/^\+/, '');
    const found = /^\d{1,20}$/.test(phone) ? world.userByPhone(phone) : undefined;
    if (!found || found.deleted) rpcFail(400, 'PHONE_NOT_OCCUPIED');
    const view = userView(found, caller.id);
    return { _: 'contacts.resolvedPeer', peer: userPeer(found.id), chats: [], users: [view._ === 'user' ? { ...view, phone } : view] };
  });

  registry.handle('messages.getChats', (req, ctx): Result<'messages.getChats'> => {
    const caller = requireUser(world, ctx);
    const chats = req.id.map((id) => world.chats.get(id)).filter((c): c is ChatRecord => c?.kind === 'chat');
    return { _: 'messages.chats', chats: chatsView(chats, caller.id) };
  });

  registry.handle('channels.getChannels', (req, ctx): Result<'channels.getChannels'> => {
    const caller = requireUser(world, ctx);
    const chats = req.id.map((input) => resolveInputChannel(world, caller, input, false));
    return { _: 'messages.chats', chats: chatsView(chats, caller.id) };
  });

  registry.handle('channels.getFullChannel', (req, ctx): Result<'channels.getFullChannel'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveInputChannel(world, caller, req.channel);
    const now = ctx.now();
    const fields = linkFields(world, chat, caller, now);
    const fullChat: ChatFull = {
      _: 'channelFull',
      id: chat.id,
      about: chat.about,
      participantsCount: chat.participants.size,
      adminsCount: chat.admins.size + 1,
      ...channelReadState(world, chat, caller),
      chatPhoto: { _: 'photoEmpty', id: 0n },
      notifySettings: { _: 'peerNotifySettings' },
      botInfo: [],
      pts: world.updateBoxes.channel(chat.id).pts,
      ...(chat.megagroup || mayManageLinks(chat, caller.id) ? { canViewParticipants: true } : {}),
      ...(chat.migratedFrom !== undefined ? { migratedFromChatId: chat.migratedFrom, migratedFromMaxId: 0 } : {}),
      ...fields,
    };
    if (Object.keys(fields).length > 0) world.changed();
    return {
      _: 'messages.chatFull',
      fullChat,
      chats: [chatView(chat, caller.id)],
      users: usersView(world.users, [caller.id, ...(fields.recentRequesters ?? [])], caller.id),
    };
  });

  registry.handle('messages.getFullChat', (req, ctx): Result<'messages.getFullChat'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveChatId(world, req.chatId);
    const member = chat.participants.has(caller.id);
    const fields = member ? linkFields(world, chat, caller, ctx.now()) : {};
    const fullChat: ChatFull = {
      _: 'chatFull',
      id: chat.id,
      about: chat.about,
      participants: member
        ? {
            _: 'chatParticipants',
            chatId: chat.id,
            participants: [...chat.participants.values()].map((p) => chatParticipantView(chat, p)),
            version: chat.version,
          }
        : { _: 'chatParticipantsForbidden', chatId: chat.id },
      notifySettings: { _: 'peerNotifySettings' },
      ...fields,
    };
    const chats = [chatView(chat, caller.id)];
    const migrated = chat.migratedTo === undefined ? undefined : world.chats.get(chat.migratedTo);
    if (migrated) chats.push(chatView(migrated, caller.id));
    return {
      _: 'messages.chatFull',
      fullChat,
      chats,
      users: usersView(world.users, member ? chat.participants.keys() : [caller.id], caller.id),
    };
  });
}
