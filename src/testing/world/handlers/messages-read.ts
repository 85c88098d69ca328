/** Reading messages: history, search, getMessages, read marks (spec/messages.md §6–§7). */
import type { HandlerRegistry } from '../../context.js';
import type { InputMessage, Message, MessagesMessages } from '../../../tl/index.js';
import { requireUser } from '../access.js';
import { messageFail } from '../messages/errors.js';
import { historyPage, messagesResult, passesFilter } from '../messages/history.js';
import { resolveTarget, targetBox, targetPeer } from '../messages/peers.js';
import { readChannelHistory, readCommonHistory } from '../messages/read.js';
import { channelBox, userBox } from '../messages/store.js';
import type { BoxKey, StoredMessage } from '../messages/types.js';
import { messageChats, messageUsers, messageView } from '../messages/view.js';
import { Refs } from '../updates/refs.js';
import type { UserRecord } from '../types.js';
import type { World } from '../world.js';
import type { Result } from './common.js';
import { resolveChannel } from './messages-write.js';

function requireHumanCaller(world: World, ctx: Parameters<typeof requireUser>[1]): UserRecord {
  const caller = requireUser(world, ctx);
  if (caller.bot) messageFail('botMethod');
  return caller;
}

/** One `getMessages` item: the message it names, or undefined (`messageEmpty`). */
function lookup(world: World, caller: UserRecord, box: BoxKey, input: InputMessage): StoredMessage | undefined {
  switch (input._) {
    case 'inputMessageID':
      return world.messages.get(box, input.id);
    case 'inputMessageReplyTo': {
      const m = world.messages.get(box, input.id);
      return m?.replyToId === undefined ? undefined : world.messages.get(box, m.replyToId);
    }
    case 'inputMessagePinned': {
      if (box[0] !== 'c') return undefined;
      const ids = world.messages.ids(box, `c${box.slice(1)}`);
      for (let i = ids.length - 1; i >= 0; i--) {
        const m = world.messages.get(box, ids[i]!);
        if (m?.pinned) return m;
      }
      return undefined;
    }
    case 'inputMessageCallbackQuery': {
      const at = world.callbackQueries.messageOf(caller, input.queryId);
      return at && at.box === box ? world.messages.get(box, at.id) : undefined;
    }
    default:
      return undefined;
  }
}

function idOf(input: InputMessage): number {
  return input._ === 'inputMessageID' || input._ === 'inputMessageReplyTo' || input._ === 'inputMessageCallbackQuery' ? input.id : 0;
}

/** A `getMessages` answer: one entry per item in request order, `messageEmpty` for the missing. */
function lookupResult(world: World, caller: UserRecord, box: BoxKey, ids: InputMessage[]): { messages: Message[]; refs: Refs } {
  const refs = new Refs();
  const messages = ids.map((input): Message => {
    const m = lookup(world, caller, box, input);
    if (!m) return { _: 'messageEmpty', id: idOf(input) };
    refs.addUsers(messageUsers(m)).addChats(messageChats(m));
    return messageView(world, m, caller.id);
  });
  return { messages, refs };
}

/** Installs the message-reading handlers. */
export function installMessageReading(registry: HandlerRegistry, world: World): void {
  registry.handle('messages.getHistory', (req, ctx): Result<'messages.getHistory'> => {
    const caller = requireHumanCaller(world, ctx);
    const target = resolveTarget(world, caller, req.peer, false);
    const box = targetBox(target, caller.id);
    const page = historyPage(world, box, world.messages.ids(box, targetPeer(target, caller.id)), req);
    return messagesResult(world, caller.id, page, target.kind === 'channel' ? target.chat : undefined);
  });

  registry.handle('messages.search', (req, ctx): Result<'messages.search'> => {
    const caller = requireHumanCaller(world, ctx);
    const target = resolveTarget(world, caller, req.peer, false);
    let fromId: number | undefined;
    if (req.fromId && req.fromId._ !== 'inputPeerEmpty') {
      let from;
      try {
        from = resolveTarget(world, caller, req.fromId, false);
      } catch {
        messageFail('fromPeerInvalid');
      }
      if (from.kind !== 'user') messageFail('fromPeerInvalid');
      if (target.kind !== 'user') fromId = from.self ? caller.id : from.user.id;
    }
    if (req.q === '' && req.filter._ === 'inputMessagesFilterEmpty' && fromId === undefined && !req.fromId) messageFail('searchQueryEmpty');
    const box = targetBox(target, caller.id);
    const q = req.q.toLowerCase();
    const matches: number[] = [];
    for (const id of world.messages.ids(box, targetPeer(target, caller.id))) {
      const m = world.messages.get(box, id);
      if (!m) continue;
      if (q !== '' && !m.text.toLowerCase().includes(q)) continue;
      if (!passesFilter(m, req.filter)) continue;
      if (fromId !== undefined && m.fromId !== fromId) continue;
      if (req.minDate > 0 && m.date < req.minDate) continue;
      if (req.maxDate > 0 && m.date > req.maxDate) continue;
      matches.push(id);
    }
    const channel = target.kind === 'channel' ? target.chat : undefined;
    if (req.limit === 0) {
      const empty: MessagesMessages = channel
        ? { _: 'messages.channelMessages', pts: world.updateBoxes.channel(channel.id).pts, count: matches.length, messages: [], topics: [], chats: [], users: [] }
        : { _: 'messages.messagesSlice', count: matches.length, messages: [], topics: [], chats: [], users: [] };
      return empty;
    }
    return messagesResult(world, caller.id, historyPage(world, box, matches, { ...req, offsetDate: 0 }), channel);
  });

  registry.handle('messages.getMessages', (req, ctx): Result<'messages.getMessages'> => {
    const caller = requireUser(world, ctx);
    const { messages, refs } = lookupResult(world, caller, userBox(caller.id), req.id);
    return { _: 'messages.messages', messages, topics: [], ...refs.views(world, caller.id) };
  });

  registry.handle('channels.getMessages', (req, ctx): Result<'channels.getMessages'> => {
    const caller = requireUser(world, ctx);
    const chat = resolveChannel(world, caller, req.channel, false);
    if (req.id.length === 0 || req.id.every((i) => i._ !== 'inputMessagePinned' && idOf(i) <= 0)) messageFail('messageIdsEmpty');
    const { messages, refs } = lookupResult(world, caller, channelBox(chat.id), req.id);
    refs.chats.add(chat.id);
    const pts = world.updateBoxes.channel(chat.id).pts;
    return { _: 'messages.channelMessages', pts, count: messages.length, messages, topics: [], ...refs.views(world, caller.id) };
  });

  registry.handle('messages.readHistory', (req, ctx): Result<'messages.readHistory'> => {
    const caller = requireHumanCaller(world, ctx);
    const target = resolveTarget(world, caller, req.peer, false);
    if (target.kind === 'channel') messageFail('peerInvalid');
    return readCommonHistory(world, ctx, caller, target, req.maxId);
  });

  registry.handle('channels.readHistory', (req, ctx): Result<'channels.readHistory'> => {
    const caller = requireHumanCaller(world, ctx);
    const chat = resolveChannel(world, caller, req.channel, false);
    return readChannelHistory(world, ctx, caller, chat, req.maxId);
  });
}
