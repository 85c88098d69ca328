/** Bot command lists per scope and language (spec/messages.md §9.3). */
import type { BotCommand, BotCommandScope } from '../../../tl/index.js';
import { resolveInputUser } from '../access.js';
import { messageFail } from '../messages/errors.js';
import { resolveTarget, targetPeer } from '../messages/peers.js';
import { peerKey } from '../messages/store.js';
import type { TableSet, WorldTable } from '../tables.js';
import type { ChatRecord, UserRecord } from '../types.js';
import type { World } from '../world.js';

const COMMAND = /^[a-z0-9_]{1,32}$/;
const LANG = /^(|[a-z]{2})$/;

/** Stored command lists: `<botId>|<scope>|<lang>` → commands. */
export class BotCommands {
  private readonly table: WorldTable<BotCommand[]>;

  constructor(
    tables: TableSet,
    private readonly world: World,
  ) {
    this.table = tables.define('botCommands');
  }

  /** The key of a scope (peer scopes resolved as the bot sees them); throws PEER_ID_INVALID / USER_ID_INVALID. */
  scopeKey(bot: UserRecord, scope: BotCommandScope): string {
    const peer = (input: Parameters<typeof resolveTarget>[2]): string => {
      try {
        return peerKey(targetPeer(resolveTarget(this.world, bot, input, false), bot.id));
      } catch {
        return messageFail('peerInvalid');
      }
    };
    switch (scope._) {
      case 'botCommandScopeDefault':
        return 'default';
      case 'botCommandScopeUsers':
        return 'users';
      case 'botCommandScopeChats':
        return 'chats';
      case 'botCommandScopeChatAdmins':
        return 'chatAdmins';
      case 'botCommandScopePeer':
        return `peer:${peer(scope.peer)}`;
      case 'botCommandScopePeerAdmins':
        return `peerAdmins:${peer(scope.peer)}`;
      case 'botCommandScopePeerUser': {
        const key = peer(scope.peer);
        const user = resolveInputUser(this.world, bot, scope.userId);
        if (!user) messageFail('userIdInvalid');
        return `peerUser:${key}:${user.id}`;
      }
      default:
        return messageFail('peerInvalid');
    }
  }

  /** `bots.setBotCommands`: checks and stores (an empty list deletes). */
  set(bot: UserRecord, scope: BotCommandScope, lang: string, commands: BotCommand[]): void {
    if (!LANG.test(lang)) messageFail('langCodeInvalid');
    if (commands.length > this.world.messageSwitches.botCommandsMax) messageFail('commandInvalid');
    for (const c of commands) {
      if (!COMMAND.test(c.command)) messageFail('commandInvalid');
      const len = [...c.description].length;
      if (len < 1 || len > 256) messageFail('commandDescriptionInvalid');
    }
    const key = `${bot.id}|${this.scopeKey(bot, scope)}|${lang}`;
    if (commands.length === 0) this.table.delete(key);
    else this.table.set(key, commands.map((c) => ({ _: 'botCommand', command: c.command, description: c.description })));
  }

  /** `bots.getBotCommands`: exactly the list of that scope and language. */
  get(bot: UserRecord, scope: BotCommandScope, lang: string): BotCommand[] {
    return this.table.get(`${bot.id}|${this.scopeKey(bot, scope)}|${lang}`) ?? [];
  }

  /** `bots.resetBotCommands`. */
  reset(bot: UserRecord, scope: BotCommandScope, lang: string): void {
    if (!LANG.test(lang)) messageFail('langCodeInvalid');
    this.table.delete(`${bot.id}|${this.scopeKey(bot, scope)}|${lang}`);
  }

  /**
   * What `viewerId` sees of `botId`'s commands (spec §9.3 lookup, each scope with `lang` before ""):
   * private chats Peer, Users, Default; groups PeerUser, PeerAdmins*, Peer, ChatAdmins*, Chats, Default
   * (* for admins only).
   */
  visible(botId: number, viewerId: number, chat: ChatRecord | undefined, lang: string): BotCommand[] {
    let scopes: string[];
    if (!chat) scopes = [`peer:u${viewerId}`, 'users', 'default'];
    else {
      const key = chat.kind === 'chat' ? `g${chat.id}` : `c${chat.id}`;
      const admin = chat.creatorId === viewerId || chat.admins.has(viewerId);
      scopes = [`peerUser:${key}:${viewerId}`, ...(admin ? [`peerAdmins:${key}`] : []), `peer:${key}`, ...(admin ? ['chatAdmins'] : []), 'chats', 'default'];
    }
    for (const scope of scopes) {
      for (const l of lang === '' ? [''] : [lang, '']) {
        const found = this.table.get(`${botId}|${scope}|${l}`);
        if (found) return found;
      }
    }
    return [];
  }
}
