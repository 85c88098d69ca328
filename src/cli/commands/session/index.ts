/** `tgts session <import|export|detect>`: sessions of other libraries in and out of tgts. */
import { detectSessionFormat } from '../../../sessions/index.js';
import { noMorePositionals, parseCommandLine } from '../../args.js';
import type { CliCommand } from '../../command.js';
import { EXIT_FAILURE, EXIT_OK } from '../../command.js';
import { println } from '../../io.js';
import { dispatchSubcommand } from '../../subcommand.js';
import { UsageError } from '../../usage-error.js';
import { sessionExportCommand } from './export.js';
import { sessionImportCommand } from './import.js';
import { sessionInput } from './input.js';

const DETECT_USAGE = 'usage: tgts session detect INPUT';
const sessionDetectCommand: CliCommand = {
  name: 'session detect',
  summary: 'name the library and layout of a session file, folder or string',
  usage: DETECT_USAGE,
  help: `${DETECT_USAGE}

Prints which library wrote a session (file, tdata folder, session string, or '-' for stdin) and
which layout of its format it is. Exit code 1 when no known format matches.

Example:
  tgts session detect telethon.session
`,
  async run(args, io) {
    const { positionals, help } = parseCommandLine(args, {});
    if (help) {
      io.stdout.write(this.help);
      return EXIT_OK;
    }
    if (positionals[0] === undefined) throw new UsageError('missing INPUT');
    noMorePositionals(positionals, 1);
    const found = await detectSessionFormat(await sessionInput(positionals[0], io));
    if (!found) {
      println(io.stderr, 'error: not a session of any supported format');
      return EXIT_FAILURE;
    }
    println(io.stdout, `${found.label} (${found.variant}) [${found.format}]`);
    return EXIT_OK;
  },
};

const SUBCOMMANDS = [sessionImportCommand, sessionExportCommand, sessionDetectCommand].map((command) => ({ name: command.name.slice('session '.length), command }));
const USAGE = 'usage: tgts session <import|export|detect> …';
const width = Math.max(...SUBCOMMANDS.map((s) => s.name.length));
const HELP = `${USAGE}

Moves logged-in sessions between tgts and GramJS, Telethon, Pyrogram, mtcute and Telegram
Desktop, keeping the auth key (no new login, no new key exchange).

Subcommands:
${SUBCOMMANDS.map((s) => `  ${s.name.padEnd(width)}  ${s.command.summary}`).join('\n')}

Run 'tgts session <subcommand> --help' for its options.

Examples:
  tgts session import telethon.session --to bot.session
  tgts session export bot.session --format gramjs
  tgts session import bot.session --to postgres://tgts@db/fleet --name bot-17
  tgts session detect ./tdata
`;

export const sessionCommand: CliCommand = {
  name: 'session',
  summary: 'convert sessions of other libraries',
  usage: USAGE,
  help: HELP,
  run(args, io) {
    return dispatchSubcommand('session', HELP, SUBCOMMANDS, args, io, (sub, rest) => sub.command.run(rest, io), (sub) => sub.command.usage);
  },
};
