/** `tgts session import INPUT --to FILE|URL`: another library's session into a tgts session file or a fleet database. */
import { existsSync, rmSync } from 'node:fs';
import { extname } from 'node:path';
import { FileSession } from '../../../storage/file/session.js';
import { SqliteSession } from '../../../storage/sqlite/session.js';
import type { SessionStorage } from '../../../storage/session/types.js';
import { importSession, sessionToStorage, toSessionData, type PortableSession } from '../../../sessions/index.js';
import { flag, noMorePositionals, parseCommandLine, str } from '../../args.js';
import type { CliCommand } from '../../command.js';
import { EXIT_OK } from '../../command.js';
import { println, type CliIo } from '../../io.js';
import { UsageError } from '../../usage-error.js';
import { clearSession, holdsSession, openUrlStorage, redactUrl, storageUrlKind } from './backend.js';
import { describeSession, importOptions, INPUT_HELP, INPUT_OPTIONS, sessionInput } from './input.js';

const USAGE = 'usage: tgts session import INPUT --to FILE|URL [--name NAME] [--passcode TEXT] [--account N] [--from FORMAT] [--force]';

const HELP = `${USAGE}

Converts a session of another library into a tgts session file, or into one account of a
PostgreSQL or Redis database shared by a fleet, so tgts signs in with the same auth key (no new
login). INPUT is a file or folder, a session string, or '-' to read the string
from stdin (keeps it out of the shell history). The format is detected:

  GramJS StringSession, Telethon StringSession and .session file (SQLite), Pyrogram session
  strings (all layouts) and .session files, mtcute session strings (v1-v3), Telegram Desktop tdata folders (with
  or without a local passcode), and tgts's own strings and files.

FILE ending in .sqlite, .sqlite3 or .db is written as a SQLite session, anything else as a
JSON session file. An existing FILE is kept unless --force.

URL postgres://… or redis://… writes account NAME of that database (what PostgresStorage or
RedisStorage with account: NAME reads), peers included; it needs the optional package pg or
ioredis. The account's lease is taken while writing (an account in use by a running client is
refused), and an account that already holds a session is kept unless --force (which replaces
its auth keys, account and updates state; stored peers stay).

Options:
  --to FILE|URL         the tgts session file, or postgres://… / redis://… URL, to write
  --name NAME           with a URL: the account's name in the database (e.g. bot-1)
  --force               replace FILE, or the account's session, if it exists
${INPUT_HELP}
  -h, --help            show this help

Examples:
  tgts session import telethon.session --to bot.session
  tgts session import ~/.local/share/TelegramDesktop/tdata --passcode 'my passcode' --to me.session
  echo "$PYROGRAM_SESSION" | tgts session import - --to me.session
  tgts session import bot.session --to postgres://tgts@db/fleet --name bot-17
  tgts session import "$GRAMJS_SESSION" --to redis://127.0.0.1:6379 --name bot-18
`;

const SQLITE_EXTENSIONS = new Set(['.sqlite', '.sqlite3', '.db']);

/** Writes `session` as a tgts session file (JSON or SQLite by extension). */
async function writeTgtsFile(path: string, session: PortableSession): Promise<void> {
  const storage: SessionStorage = SQLITE_EXTENSIONS.has(extname(path).toLowerCase()) ? new SqliteSession(path) : new FileSession(path);
  try {
    await storage.save(toSessionData(session));
  } finally {
    await storage.close?.();
  }
}

export const sessionImportCommand: CliCommand = {
  name: 'session import',
  summary: "convert another library's session into a tgts session file or fleet database",
  usage: USAGE,
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandLine(args, { ...INPUT_OPTIONS, to: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean' } });
    if (help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    const inputText = positionals[0];
    if (inputText === undefined) throw new UsageError('missing INPUT (a session file, folder or string)');
    noMorePositionals(positionals, 1);
    const to = str(values, 'to');
    if (to === undefined) throw new UsageError('missing --to FILE|URL');
    if (storageUrlKind(to) !== undefined) {
      const session = await importSession(await sessionInput(inputText, io), importOptions(values, io));
      return importToUrl(to, str(values, 'name'), flag(values, 'force'), session, io);
    }
    if (str(values, 'name') !== undefined) throw new UsageError('--name goes with --to postgres://… or redis://…');
    if (existsSync(to) && !flag(values, 'force')) throw new UsageError(`--to: '${to}' exists; add --force to replace it`);
    const session = await importSession(await sessionInput(inputText, io), importOptions(values, io));
    rmSync(to, { force: true }); // --force: a file tgts would refuse to overwrite (not a session) is replaced too
    await writeTgtsFile(to, session);
    println(io.stdout, `imported ${describeSession(session)}`);
    if (session.peers.length > 0) println(io.stdout, `note: the ${session.peers.length} peers are not kept: this session file holds auth keys and the account only`);
    println(io.stdout, `wrote ${to}`);
    return EXIT_OK;
  },
};

/** Writes `session` into account `name` of the database at `url`, through the storage's API. */
async function importToUrl(url: string, name: string | undefined, force: boolean, session: PortableSession, io: CliIo): Promise<number> {
  const storage = await openUrlStorage(url, name, '--to');
  try {
    if (await holdsSession(storage)) {
      if (!force) throw new UsageError(`--to: account '${name}' in ${redactUrl(url)} already holds a session; add --force to replace it`);
      await clearSession(storage);
    }
    await sessionToStorage(session, storage);
  } finally {
    await storage.close();
  }
  println(io.stdout, `imported ${describeSession(session)}`);
  println(io.stdout, `wrote account '${name}' to ${redactUrl(url)}`);
  return EXIT_OK;
}
