/**
 * What bots see (spec/messages.md §9.1): privacy mode per bot, the mode in force in each chat (the one the
 * bot had when it joined), which users started a bot, and the last bot that posted in each chat.
 */
import type { StoredMessage } from '../messages/types.js';
import type { TableSet, WorldTable } from '../tables.js';
import type { ChatRecord, UserRecord } from '../types.js';
import type { World } from '../world.js';

/** Per-bot settings (`botSettings` row, key = bot id). */
export interface BotSettings {
  /** Privacy mode (BotFather's `/setprivacy`); default on. */
  privacy: boolean;
}

/** Bot state of the world that is not commands or callback queries. */
export class BotPrivacy {
  private readonly settings: WorldTable<BotSettings>;
  /** `<chatId>:<botId>` → privacy in force in that chat. */
  private readonly inChat: WorldTable<{ privacy: boolean }>;
  /** `<botId>:<userId>`: the user has written to the bot. */
  private readonly started: WorldTable<true>;
  /** `<chatId>` → id of the last bot that posted there. */
  private readonly lastPoster: WorldTable<number>;

  constructor(
    tables: TableSet,
    private readonly world: World,
  ) {
    this.settings = tables.define('botSettings');
    this.inChat = tables.define('botChatPrivacy');
    this.started = tables.define('botStarted');
    this.lastPoster = tables.define('chatLastBot');
  }

  /** Privacy mode of a bot (on unless turned off). */
  privacy(botId: number): boolean {
    return this.settings.get(String(botId))?.privacy ?? true;
  }

  /** Sets a bot's privacy mode; like on Telegram, chats it is already in keep the mode it joined with. */
  setPrivacy(bot: UserRecord | number, privacy: boolean): void {
    const id = typeof bot === 'number' ? bot : bot.id;
    this.settings.set(String(id), { privacy });
    this.world.changed();
  }

  /** Called when `userId` joins `chat`: a bot keeps the privacy mode it has now for that chat. */
  noteJoined(chat: ChatRecord, userId: number): void {
    if (this.world.users.get(userId)?.bot) this.inChat.set(`${chat.id}:${userId}`, { privacy: this.privacy(userId) });
  }

  /** Called for every group message: remembers the last bot poster. */
  noteMessage(chat: ChatRecord, m: StoredMessage): void {
    if (m.fromId !== undefined && this.world.users.get(m.fromId)?.bot && this.lastPoster.get(String(chat.id)) !== m.fromId) {
      this.lastPoster.set(String(chat.id), m.fromId);
    }
  }

  /** Called when `userId` writes to `botId` in private. */
  noteStarted(botId: number, userId: number): void {
    if (this.world.users.get(botId)?.bot && !this.started.has(`${botId}:${userId}`)) this.started.set(`${botId}:${userId}`, true);
  }

  /** True when `userId` has written to the bot (a bot may not write first). */
  hasStarted(botId: number, userId: number): boolean {
    return this.started.has(`${botId}:${userId}`);
  }

  /**
   * Spec §9.1: whether `bot` receives `m` in `chat` — service messages, admins' and privacy-off bots'
   * everything; otherwise commands addressed to it (unaddressed ones if it was the last bot to post, or no
   * bot posted yet), replies to its messages and messages via it. Other bots' messages never.
   */
  sees(chat: ChatRecord, bot: UserRecord, m: StoredMessage, replyAuthorId: number | undefined): boolean {
    if (m.fromId !== undefined && m.fromId !== bot.id && this.world.users.get(m.fromId)?.bot) return false;
    if (m.action) return true;
    if (chat.creatorId === bot.id || chat.admins.has(bot.id)) return true;
    if (chat.broadcast) return true;
    if (!(this.inChat.get(`${chat.id}:${bot.id}`)?.privacy ?? this.privacy(bot.id))) return true;
    if (replyAuthorId === bot.id || m.viaBotId === bot.id) return true;
    const last = this.lastPoster.get(String(chat.id));
    for (const e of m.entities ?? []) {
      if (e._ !== 'messageEntityBotCommand') continue;
      const command = m.text.slice(e.offset, e.offset + e.length);
      const at = command.indexOf('@');
      if (at >= 0) {
        if (bot.username !== undefined && command.slice(at + 1).toLowerCase() === bot.username.toLowerCase()) return true;
      } else if (last === undefined || last === bot.id) return true;
    }
    return false;
  }
}
