/** `tgts invite <subcommand> <chat> …`: the invite-link family with chat names instead of input peers. */
import type { AnyRequest } from '../../../tl/index.js';
import { flag, noMorePositionals, parseCommandLine } from '../../args.js';
import type { CliCommand } from '../../command.js';
import { EXIT_OK } from '../../command.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, withClient } from '../../connect.js';
import { println } from '../../io.js';
import { formatTlJson } from '../../json/tl-to-json.js';
import { parsePeerRef, resolveChat } from '../../peer.js';
import { dispatchSubcommand } from '../../subcommand.js';
import { UsageError } from '../../usage-error.js';
import { INVITE_SUBCOMMANDS } from './subcommands.js';
import type { InviteSubcommand } from './subcommands.js';

const USAGE = 'usage: tgts invite <export|list|get|edit|revoke|delete|importers|approve|decline> <chat> [link] [options]';

const CHAT_HELP = `The chat is @username, a t.me/username link, a numeric id (-100… is the channel form,
-N a basic group), or 'me'.`;

function subUsage(s: InviteSubcommand): string {
  return `usage: tgts invite ${s.name} <chat>${s.takesLink ? ' <link>' : ''} [options] [connection options]`;
}

function subHelp(s: InviteSubcommand): string {
  const options = [s.optionHelp, '  --json                print the raw result as JSON', '  -h, --help            show this help']
    .filter((x) => x !== '')
    .join('\n');
  return `${subUsage(s)}

${s.summary[0]!.toUpperCase()}${s.summary.slice(1)}.

${CHAT_HELP}${s.takesLink ? '\nThe link is the full https://t.me/+… link (or just its hash).' : ''}

Options:
${options}

${CONNECTION_HELP}

Examples:
${s.examples.map((e) => `  ${e}`).join('\n')}
`;
}

const width = Math.max(...INVITE_SUBCOMMANDS.map((s) => s.name.length));
const HELP = `${USAGE}

Manages invite links of a group or channel you administer. export, edit, revoke, approve
and decline work for user and bot accounts; list, get, delete, importers and --all need a
user account (Telegram answers bots BOT_METHOD_INVALID).
Output is a table by default; --json prints the raw result for scripts.

Subcommands:
${INVITE_SUBCOMMANDS.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`).join('\n')}

${CHAT_HELP}

Run 'tgts invite <subcommand> --help' for its options.

Examples:
  tgts invite export @my_channel --usage-limit 10 --expire 7d --title "Meetup"
  tgts invite list @my_channel
  tgts invite revoke @my_channel https://t.me/+AbCdEf123
  tgts invite importers @my_channel --requested
  tgts invite approve @my_channel --user 1000005
`;

/** `AbCdEf` → `https://t.me/+AbCdEf`; full links pass through. */
function normalizeLink(text: string): string {
  const t = text.trim();
  if (/^(https?:\/\/|tg:)/.test(t) || t.includes('t.me/')) return t;
  return `https://t.me/+${t.replace(/^\+/, '')}`;
}

async function runSub(sub: InviteSubcommand, args: string[], io: Parameters<CliCommand['run']>[1]): Promise<number> {
  const { values, positionals, help } = parseCommandLine(args, { ...CONNECTION_OPTIONS, ...sub.options, json: { type: 'boolean' } });
  if (help) {
    io.stdout.write(subHelp(sub));
    return EXIT_OK;
  }
  const chatText = positionals[0];
  if (chatText === undefined) throw new UsageError('missing <chat>');
  parsePeerRef(chatText, 'chat');
  const linkText = sub.takesLink ? positionals[1] : undefined;
  if (sub.takesLink && linkText === undefined) throw new UsageError('missing <link>');
  noMorePositionals(positionals, sub.takesLink ? 2 : 1);
  sub.check?.(values);

  const output = await withClient(values, io, async (client) => {
    const invoke = (request: AnyRequest) => client.invoke(request);
    const peer = await resolveChat(invoke, chatText);
    return sub.run({ invoke, peer, values, link: linkText === undefined ? undefined : normalizeLink(linkText) });
  });
  println(io.stdout, flag(values, 'json') ? formatTlJson(output.result) : output.text);
  return EXIT_OK;
}

export const inviteCommand: CliCommand = {
  name: 'invite',
  summary: 'manage invite links',
  usage: USAGE,
  help: HELP,
  run(args, io) {
    return dispatchSubcommand('invite', HELP, INVITE_SUBCOMMANDS, args, io, (sub, rest) => runSub(sub, rest, io), subUsage);
  },
};
