/**
 * Bot commands in a message (spec `messages.md` §9.2, [I] router rules): a `bot_command` entity at
 * offset 0; the name before `@` compared case-insensitively; `/cmd@otherbot` is not ours; arguments are
 * the rest of the text, left-trimmed.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';

/** A command as the router sees it. */
export interface ParsedCommand {
  /** Lower-case name without `/` and `@bot`. */
  name: string;
  /** The `@botname` it was addressed to, if any. */
  addressee?: string;
  /** The text after the command, left-trimmed. */
  args: string;
}

const COMMAND = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{3,32}))?/;

/** The command at the start of `text`, or undefined. Uses the `bot_command` entity when the message has entities. */
export function parseCommand(text: string, entities: readonly MessageEntity[] | undefined): ParsedCommand | undefined {
  if (entities && entities.length > 0 && !entities.some((e) => e._ === 'messageEntityBotCommand' && e.offset === 0)) return undefined;
  const m = COMMAND.exec(text);
  if (!m) return undefined;
  const next = text.charCodeAt(m[0].length);
  if (!Number.isNaN(next) && /[\w/<>]/.test(String.fromCharCode(next))) return undefined;
  const out: ParsedCommand = { name: m[1]!.toLowerCase(), args: text.slice(m[0].length).trimStart() };
  if (m[2]) out.addressee = m[2];
  return out;
}

/** True when `command` is for the bot named `username` (unaddressed commands are for every bot that sees them). */
export function isForBot(command: ParsedCommand, username: string | undefined): boolean {
  return command.addressee === undefined || (username !== undefined && command.addressee.toLowerCase() === username.toLowerCase());
}
