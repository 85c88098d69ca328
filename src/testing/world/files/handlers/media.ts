/**
 * `messages.uploadMedia` (spec §3.7) and `messages.sendMedia`: the media is made here, the message through the
 * messages area's {@link postMessage} (contracts §9), so every send, update and random_id rule applies.
 */
import type { InputPeer } from '../../../../tl/index.js';
import type { HandlerRegistry } from '../../../context.js';
import { isMember, requireUser, resolveInputChannel, resolveInputUser } from '../../access.js';
import { rpcFail } from '../../errors.js';
import type { Result } from '../../handlers/common.js';
import type { ChatRecord, UserRecord } from '../../types.js';
import type { World } from '../../world.js';
import { postMessage } from '../../messages/send.js';
import type { MediaRef } from '../types.js';
import { mediaFromInput } from '../media.js';
import { mediaView } from '../views.js';

/** The user, group or channel media is prepared for (the peer checks of `messages.uploadMedia`). */
export function resolveMediaPeer(world: World, caller: UserRecord, peer: InputPeer): UserRecord | ChatRecord {
  switch (peer._) {
    case 'inputPeerSelf':
      return caller;
    case 'inputPeerUser':
    case 'inputPeerUserFromMessage': {
      const user =
        peer._ === 'inputPeerUser'
          ? resolveInputUser(world, caller, { _: 'inputUser', userId: peer.userId, accessHash: peer.accessHash })
          : resolveInputUser(world, caller, { _: 'inputUserFromMessage', peer: peer.peer, msgId: peer.msgId, userId: peer.userId });
      if (!user) return rpcFail(400, peer._ === 'inputPeerUser' ? 'PEER_ID_INVALID' : 'MSG_ID_INVALID');
      if (user.deleted) rpcFail(400, 'INPUT_USER_DEACTIVATED');
      return user;
    }
    case 'inputPeerChat': {
      const chat = world.chats.get(peer.chatId);
      if (!chat || chat.kind !== 'chat' || chat.migratedTo !== undefined) return rpcFail(400, 'CHAT_ID_INVALID');
      if (!isMember(chat, caller.id)) rpcFail(403, 'CHAT_WRITE_FORBIDDEN');
      return chat;
    }
    case 'inputPeerChannel':
      return resolveInputChannel(world, caller, { _: 'inputChannel', channelId: peer.channelId, accessHash: peer.accessHash });
    case 'inputPeerChannelFromMessage':
      return resolveInputChannel(world, caller, { _: 'inputChannelFromMessage', peer: peer.peer, msgId: peer.msgId, channelId: peer.channelId });
    default:
      return rpcFail(400, 'PEER_ID_INVALID');
  }
}

/** Installs `messages.uploadMedia` and `messages.sendMedia`. */
export function installMediaHandlers(registry: HandlerRegistry, world: World): void {
  const files = world.files;
  registry.handle('messages.uploadMedia', (req, ctx): Result<'messages.uploadMedia'> => {
    const user = requireUser(world, ctx);
    resolveMediaPeer(world, user, req.peer);
    const now = ctx.now();
    const ref = mediaFromInput(files, req.media, { user, dcId: ctx.dcId, now });
    return mediaView(files, ref, now);
  });

  registry.handle('messages.sendMedia', (req, ctx): Result<'messages.sendMedia'> => {
    const user = requireUser(world, ctx);
    resolveMediaPeer(world, user, req.peer);
    // a repeated random_id replays the first message: no second media is made for it
    const seen = req.randomId !== 0n ? world.messages.randomId(user.id, req.randomId) : undefined;
    const earlier = seen ? world.messages.get(seen.box, seen.id)?.media : undefined;
    const ref: MediaRef = earlier ?? mediaFromInput(files, req.media, { user, dcId: ctx.dcId, now: ctx.now() });
    try {
      const updates = postMessage(world, ctx, user, {
        peer: req.peer,
        randomId: req.randomId,
        text: req.message,
        media: ref,
        method: 'messages.sendMedia',
        ...(req.entities ? { entities: req.entities } : {}),
        ...(req.replyTo ? { replyTo: req.replyTo } : {}),
        ...(req.replyMarkup ? { replyMarkup: req.replyMarkup } : {}),
        ...(req.silent ? { silent: true } : {}),
        ...(req.scheduleDate !== undefined ? { scheduleDate: req.scheduleDate } : {}),
      });
      if (!earlier) files.retain(ref);
      return updates;
    } catch (error) {
      // a refused send leaves no orphan behind: media made by this call only (not a resend of existing media)
      const fresh = !earlier && (req.media._ === 'inputMediaUploadedPhoto' || req.media._ === 'inputMediaUploadedDocument');
      if (fresh && files.media(ref)?.holders === 0) files.deleteMedia(ref);
      throw error;
    }
  });
}
