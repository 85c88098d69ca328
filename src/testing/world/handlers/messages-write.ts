/** Writing messages: send, forward, edit, pin, delete (spec/messages.md §2–§6). */
import type { HandlerRegistry } from '../../context.js';
import type { InputChannel, InputPeer } from '../../../tl/index.js';
import { requireUser } from '../access.js';
import { deleteChannelMessages, deleteCommonMessages } from '../messages/delete.js';
import { editMessage, pinMessage } from '../messages/edit.js';
import { messageFail } from '../messages/errors.js';
import { resolveTarget, type Target } from '../messages/peers.js';
import { forwardMessages, postMessage } from '../messages/send.js';
import type { MediaRef } from '../messages/types.js';
import type { ChatRecord, UserRecord } from '../types.js';
import type { World } from '../world.js';
import type { Result } from './common.js';

/** The `InputPeer` form of an `InputChannel`. */
export function channelPeer(input: InputChannel): InputPeer {
  if (input._ === 'inputChannel') return { _: 'inputPeerChannel', channelId: input.channelId, accessHash: input.accessHash };
  if (input._ === 'inputChannelFromMessage') return { _: 'inputPeerChannelFromMessage', peer: input.peer, msgId: input.msgId, channelId: input.channelId };
  return { _: 'inputPeerEmpty' };
}

/** Resolves an `InputChannel` for a messaging method (CHANNEL_INVALID / CHANNEL_PRIVATE). */
export function resolveChannel(world: World, caller: UserRecord, input: InputChannel, write: boolean): ChatRecord {
  if (input._ === 'inputChannelEmpty') messageFail('channelInvalid');
  const target: Target = resolveTarget(world, caller, channelPeer(input), write);
  if (target.kind !== 'channel') messageFail('channelInvalid');
  return target.chat;
}

/** Installs the message-writing handlers. */
export function installMessageWriting(registry: HandlerRegistry, world: World): void {
  registry.handle('messages.sendMessage', (req, ctx): Result<'messages.sendMessage'> => {
    const caller = requireUser(world, ctx);
    return postMessage(world, ctx, caller, {
      peer: req.peer,
      randomId: req.randomId,
      text: req.message,
      method: 'messages.sendMessage',
      ...(req.entities ? { entities: req.entities } : {}),
      ...(req.replyTo ? { replyTo: req.replyTo } : {}),
      ...(req.replyMarkup ? { replyMarkup: req.replyMarkup } : {}),
      ...(req.silent ? { silent: true } : {}),
      ...(req.scheduleDate !== undefined ? { scheduleDate: req.scheduleDate } : {}),
    });
  });

  registry.handle('messages.forwardMessages', (req, ctx): Result<'messages.forwardMessages'> => {
    const caller = requireUser(world, ctx);
    return forwardMessages(world, ctx, caller, {
      fromPeer: req.fromPeer,
      toPeer: req.toPeer,
      id: req.id,
      randomId: req.randomId,
      ...(req.silent ? { silent: true } : {}),
      ...(req.dropAuthor ? { dropAuthor: true } : {}),
      ...(req.dropMediaCaptions ? { dropMediaCaptions: true } : {}),
    });
  });

  registry.handle('messages.editMessage', (req, ctx): Result<'messages.editMessage'> => {
    const caller = requireUser(world, ctx);
    let media: MediaRef | undefined;
    if (req.media) {
      const resolve = world.media?.resolveInput;
      if (!resolve) messageFail('mediaInvalid');
      media = resolve.call(world.media, req.media, caller.id);
    }
    return editMessage(world, ctx, caller, {
      peer: req.peer,
      id: req.id,
      ...(req.message !== undefined ? { text: req.message } : {}),
      ...(req.entities ? { entities: req.entities } : {}),
      ...(media ? { media } : {}),
      ...(req.replyMarkup ? { replyMarkup: req.replyMarkup } : {}),
    });
  });

  registry.handle('messages.updatePinnedMessage', (req, ctx): Result<'messages.updatePinnedMessage'> => {
    const caller = requireUser(world, ctx);
    return pinMessage(world, ctx, caller, {
      peer: req.peer,
      id: req.id,
      ...(req.unpin ? { unpin: true } : {}),
      ...(req.silent ? { silent: true } : {}),
      ...(req.pmOneside ? { pmOneside: true } : {}),
    });
  });

  registry.handle('messages.deleteMessages', (req, ctx): Result<'messages.deleteMessages'> => {
    const caller = requireUser(world, ctx);
    return deleteCommonMessages(world, ctx, caller, req.id, req.revoke === true);
  });

  registry.handle('channels.deleteMessages', (req, ctx): Result<'channels.deleteMessages'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveChannel(world, caller, req.channel, false);
    if (!chat.participants.has(caller.id)) messageFail('deleteForbidden');
    return deleteChannelMessages(world, ctx, caller, chat, req.id);
  });
}
