/**
 * Callback queries (spec/messages.md §9.4): a user's `messages.getBotCallbackAnswer` becomes the bot's
 * `updateBotCallbackQuery`; the bot's `messages.setBotCallbackAnswer` settles the user's call, which
 * otherwise fails with BOT_RESPONSE_TIMEOUT. Pending queries live in memory only (a call cannot outlive
 * the server).
 */
import { RpcError } from '../../../errors.js';
import type { KeyboardButton, MessagesBotCallbackAnswer } from '../../../tl/index.js';
import type { RequestContext } from '../../context.js';
import { MESSAGE_ERRORS } from '../messages/rules.js';
import { messageFail } from '../messages/errors.js';
import { dialogMessage } from '../messages/edit.js';
import type { Target } from '../messages/peers.js';
import { targetPeer, toPeer } from '../messages/peers.js';
import { peerKey } from '../messages/store.js';
import { randomLong } from '../random.js';
import { UpdateBatch } from '../updates/batch.js';
import type { UserRecord } from '../types.js';
import type { World } from '../world.js';

interface Pending {
  botId: number;
  userId: number;
  /** Message id in the bot's numbering (for `inputMessageCallbackQuery`). */
  msgId: number;
  box: string;
  settle: (answer: MessagesBotCallbackAnswer | RpcError) => void;
  timer: NodeJS.Timeout;
}

/** What `messages.setBotCallbackAnswer` sends back. */
export interface CallbackAnswer {
  alert?: boolean;
  message?: string;
  url?: string;
  cacheTime: number;
}

const BOT_LINK = /^(?:https?:\/\/)?(?:t\.me|telegram\.me|telegram\.dog)\/[A-Za-z0-9_]{3,32}(?:\?\S*)?$|^tg:\/\/resolve\?\S+$/;

/** [I] chat_instance: a stable 64-bit value per (bot, chat). */
function chatInstance(botId: number, chatKey: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const ch of `${botId}|${chatKey}`) h = BigInt.asUintN(64, (h ^ BigInt(ch.charCodeAt(0))) * 0x100000001b3n);
  return BigInt.asIntN(64, h);
}

function buttons(markup: unknown): KeyboardButton[] {
  const m = markup as { _?: string; rows?: Array<{ buttons: KeyboardButton[] }> } | undefined;
  return m?._ === 'replyInlineMarkup' && m.rows ? m.rows.flatMap((r) => r.buttons) : [];
}

/** Callback queries waiting for their bot. */
export class CallbackQueries {
  private readonly pending = new Map<bigint, Pending>();

  constructor(private readonly world: World) {}

  /** Queries waiting now. */
  get size(): number {
    return this.pending.size;
  }

  /** Spec §9.4: sends the bot its query and waits for its answer. */
  ask(ctx: RequestContext, user: UserRecord, target: Target, msgId: number, data: Uint8Array | undefined, game: boolean): Promise<MessagesBotCallbackAnswer> {
    const world = this.world;
    const m = dialogMessage(world, user, target, msgId);
    const botId = m?.viaBotId ?? m?.fromId;
    const bot = botId === undefined ? undefined : world.users.get(botId);
    const keys = buttons(m?.replyMarkup);
    if (!m || !bot?.bot || keys.length === 0) messageFail('messageIdInvalid');
    if (data && data.length > world.messageSwitches.callbackDataMax) messageFail('dataInvalid');
    const gameButton = game ? keys.find((b) => b._ === 'keyboardButtonGame') : undefined;
    if (game && !gameButton) messageFail('messageIdInvalid');
    if (this.pending.size >= world.messageSwitches.pendingCallbacksMax) messageFail('botResponseTimeout');
    const botMsgId = m.box[0] === 'c' ? m.id : world.messages.copyIn(m, bot.id)?.id;
    if (botMsgId === undefined) messageFail('messageIdInvalid');
    const chatKey = peerKey(targetPeer(target, user.id));
    const peer = target.kind === 'user' ? toPeer({ kind: 'user', id: user.id }) : toPeer(targetPeer(target, user.id));
    const queryId = randomLong();
    const batch = new UpdateBatch(world);
    batch.add(
      bot.id,
      {
        _: 'updateBotCallbackQuery',
        queryId,
        userId: user.id,
        peer,
        msgId: botMsgId,
        chatInstance: chatInstance(bot.id, chatKey),
        ...(data && !game ? { data } : {}),
        ...(gameButton ? { gameShortName: gameButton.text } : {}),
      },
      [user.id],
      target.kind === 'user' ? [] : [target.chat],
    );
    batch.deliver(ctx, user.id);
    world.changed();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(queryId);
        const [code, message] = MESSAGE_ERRORS.botResponseTimeout;
        reject(new RpcError(code, message));
      }, world.messageSwitches.botResponseTimeoutMs);
      timer.unref?.();
      this.pending.set(queryId, {
        botId: bot.id,
        userId: user.id,
        msgId: botMsgId,
        box: m.box[0] === 'c' ? m.box : `u${bot.id}`,
        timer,
        settle: (answer) => (answer instanceof RpcError ? reject(answer) : resolve(answer)),
      });
    });
  }

  /** Spec §9.4: the bot's answer; QUERY_ID_INVALID for unknown, answered, expired or other bots' queries. */
  answer(bot: UserRecord, queryId: bigint, answer: CallbackAnswer): void {
    if (answer.message !== undefined && [...answer.message].length > this.world.messageSwitches.callbackAnswerMax) messageFail('messageTooLong');
    if (answer.url !== undefined && !BOT_LINK.test(answer.url)) messageFail('urlInvalid');
    const p = this.pending.get(queryId);
    if (!p || p.botId !== bot.id) messageFail('queryIdInvalid');
    this.pending.delete(queryId);
    clearTimeout(p.timer);
    p.settle({
      _: 'messages.botCallbackAnswer',
      cacheTime: answer.cacheTime,
      ...(answer.alert ? { alert: true } : {}),
      ...(answer.message !== undefined ? { message: answer.message } : {}),
      ...(answer.url !== undefined ? { url: answer.url, hasUrl: true } : {}),
    });
  }

  /** The message of a pending query, for the bot's `inputMessageCallbackQuery`. */
  messageOf(bot: UserRecord, queryId: bigint): { box: string; id: number } | undefined {
    const p = this.pending.get(queryId);
    return p && p.botId === bot.id ? { box: p.box, id: p.msgId } : undefined;
  }

  /** Fails every pending query (server shutdown). */
  clear(): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      const [code, message] = MESSAGE_ERRORS.botResponseTimeout;
      p.settle(new RpcError(code, message));
    }
  }
}
