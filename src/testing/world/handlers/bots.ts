/** Bot methods: callback queries, command lists, typing (spec/messages.md §9). */
import type { HandlerRegistry } from '../../context.js';
import type { Update } from '../../../tl/index.js';
import { requireUser } from '../access.js';
import { messageFail } from '../messages/errors.js';
import { resolveTarget } from '../messages/peers.js';
import { UpdateBatch } from '../updates/batch.js';
import type { UserRecord } from '../types.js';
import type { World } from '../world.js';
import type { Result } from './common.js';

function requireBot(world: World, ctx: Parameters<typeof requireUser>[1]): UserRecord {
  const caller = requireUser(world, ctx);
  if (!caller.bot) messageFail('userBotRequired');
  return caller;
}

/** Installs the bot handlers. */
export function installBots(registry: HandlerRegistry, world: World): void {
  registry.handle('messages.getBotCallbackAnswer', (req, ctx): Promise<Result<'messages.getBotCallbackAnswer'>> => {
    const caller = requireUser(world, ctx);
    if (caller.bot) messageFail('botMethod');
    const target = resolveTarget(world, caller, req.peer, false);
    return world.callbackQueries.ask(ctx, caller, target, req.msgId, req.data, req.game === true);
  });

  registry.handle('messages.setBotCallbackAnswer', (req, ctx): Result<'messages.setBotCallbackAnswer'> => {
    const bot = requireBot(world, ctx);
    world.callbackQueries.answer(bot, req.queryId, {
      cacheTime: req.cacheTime,
      ...(req.alert ? { alert: true } : {}),
      ...(req.message !== undefined ? { message: req.message } : {}),
      ...(req.url !== undefined ? { url: req.url } : {}),
    });
    return true;
  });

  registry.handle('bots.setBotCommands', (req, ctx): Result<'bots.setBotCommands'> => {
    const bot = requireBot(world, ctx);
    world.botCommands.set(bot, req.scope, req.langCode, req.commands);
    world.changed();
    return true;
  });

  registry.handle('bots.getBotCommands', (req, ctx): Result<'bots.getBotCommands'> => world.botCommands.get(requireBot(world, ctx), req.scope, req.langCode));

  registry.handle('bots.resetBotCommands', (req, ctx): Result<'bots.resetBotCommands'> => {
    world.botCommands.reset(requireBot(world, ctx), req.scope, req.langCode);
    world.changed();
    return true;
  });

  registry.handle('messages.setTyping', (req, ctx): Result<'messages.setTyping'> => {
    const caller = requireUser(world, ctx);
    const target = resolveTarget(world, caller, req.peer, true);
    const batch = new UpdateBatch(world);
    const fromId = { _: 'peerUser' as const, userId: caller.id };
    const topMsgId = req.topMsgId !== undefined ? { topMsgId: req.topMsgId } : {};
    const send = (userId: number, update: Update): void => {
      if (userId !== caller.id && world.users.get(userId)?.bot !== true) batch.add(userId, update);
    };
    if (target.kind === 'user') {
      if (!target.self) send(target.user.id, { _: 'updateUserTyping', userId: caller.id, action: req.action, ...topMsgId });
    } else if (target.kind === 'chat') {
      for (const userId of target.chat.participants.keys()) send(userId, { _: 'updateChatUserTyping', chatId: target.chat.id, fromId, action: req.action });
    } else if (!target.chat.broadcast) {
      for (const userId of target.chat.participants.keys()) {
        send(userId, { _: 'updateChannelUserTyping', channelId: target.chat.id, fromId, action: req.action, ...topMsgId });
      }
    }
    batch.deliver(ctx, caller.id);
    return true;
  });
}
