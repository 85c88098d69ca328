/** `tgts session export FILE|URL --format F`: a session as another library's session string. */
import { exportSession, importSession, sessionFromStorage, type PortableSession, type StringSessionFormat } from '../../../sessions/index.js';
import { intOption, noMorePositionals, parseCommandLine, str } from '../../args.js';
import type { CliCommand } from '../../command.js';
import { EXIT_OK } from '../../command.js';
import { DEFAULT_SESSION_FILE } from '../../connect.js';
import { println, type CliIo } from '../../io.js';
import { UsageError } from '../../usage-error.js';
import { openUrlStorage, storageUrlKind } from './backend.js';
import { describeSession, importOptions, INPUT_HELP, INPUT_OPTIONS, sessionInput } from './input.js';

const FORMATS: readonly StringSessionFormat[] = ['gramjs', 'telethon', 'pyrogram', 'mtcute', 'tgts'];

const USAGE = 'usage: tgts session export [FILE|URL [--name NAME]] --format gramjs|telethon|pyrogram|mtcute|tgts [--api-id N] [--pyrogram-layout 2.x|1.x]';

const HELP = `${USAGE}

Prints a session as a session string of another library, to use the same login there. FILE is a
tgts session file (default ./${DEFAULT_SESSION_FILE}), or any session 'tgts session import' reads, or
account NAME of a PostgreSQL or Redis fleet database (postgres://… or redis://… with --name NAME;
needs the optional package pg or ioredis; the account's lease is taken while reading).
The string goes to stdout alone (a summary goes to stderr), so it can be piped or captured.

Formats and what they need:
  gramjs     GramJS StringSession (a port below 32768)
  telethon   Telethon StringSession (the DC address must be an IP address)
  pyrogram   Pyrogram session string, 2.x layout (needs the user id; --api-id to record the app id;
             --pyrogram-layout 1.x for Pyrogram 1.x)
  mtcute     mtcute session string, v3
  tgts       tgts StringSession

Options:
  --format F            the format to write (required)
  --api-id N            pyrogram: the app id to record (default: the session's, else 0)
  --pyrogram-layout L   pyrogram: 2.x (default) or 1.x
  --name NAME           with a URL: the account's name in the database
${INPUT_HELP}
  -h, --help            show this help

Examples:
  tgts session export bot.session --format telethon
  tgts session export --format pyrogram --api-id 12345 > pyrogram.txt
  tgts session export telethon.session --format mtcute
  tgts session export postgres://tgts@db/fleet --name bot-17 --format telethon
`;

/** The session to export: a fleet database's account (a URL), or anything the converters read. */
async function readSession(input: string, name: string | undefined, values: Parameters<typeof importOptions>[0], io: CliIo): Promise<PortableSession> {
  if (storageUrlKind(input) === undefined) {
    if (name !== undefined) throw new UsageError('--name goes with a postgres://… or redis://… URL');
    return importSession(await sessionInput(input, io), importOptions(values, io));
  }
  const storage = await openUrlStorage(input, name, 'URL');
  try {
    return await sessionFromStorage(storage);
  } finally {
    await storage.close();
  }
}

export const sessionExportCommand: CliCommand = {
  name: 'session export',
  summary: "print a session as another library's session string",
  usage: USAGE,
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandLine(args, {
      ...INPUT_OPTIONS,
      format: { type: 'string', short: 'f' },
      'api-id': { type: 'string' },
      'pyrogram-layout': { type: 'string' },
      name: { type: 'string' },
    });
    if (help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    noMorePositionals(positionals, 1);
    const format = str(values, 'format');
    if (format === undefined) throw new UsageError(`missing --format (one of ${FORMATS.join(', ')})`);
    if (!FORMATS.includes(format as StringSessionFormat)) throw new UsageError(`--format: expected one of ${FORMATS.join(', ')}, got '${format}'`);
    const layout = str(values, 'pyrogram-layout');
    if (layout !== undefined && layout !== '2.x' && layout !== '1.x') throw new UsageError(`--pyrogram-layout: expected 2.x or 1.x, got '${layout}'`);
    const apiId = intOption(values, 'api-id', { min: 0, max: 0xffffffff });
    const session = await readSession(positionals[0] ?? DEFAULT_SESSION_FILE, str(values, 'name'), values, io);
    const text = exportSession(session, format as StringSessionFormat, {
      ...(apiId !== undefined ? { apiId } : {}),
      ...(layout !== undefined ? { pyrogramVariant: layout } : {}),
    });
    println(io.stderr, `${describeSession(session)} → ${format}`);
    println(io.stdout, text);
    return EXIT_OK;
  },
};
