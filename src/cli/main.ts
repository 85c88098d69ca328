/**
 * `tgts`: the command-line front end. {@link main} parses the arguments, runs one command and
 * resolves the exit code (0 ok, 1 RPC or runtime error, 2 usage error); it never calls
 * `process.exit`, so tests run it in-process.
 */
import type { CliCommand } from './command.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './command.js';
import { describeError } from './errors.js';
import type { CliIo } from './io.js';
import { println } from './io.js';
import { didYouMean } from './suggest.js';
import { UsageError } from './usage-error.js';

export type { CliIo, TextSink } from './io.js';

interface CommandEntry {
  readonly summary: string;
  /** Loaded on demand so `tgts methods` does not pull in the network stack. */
  readonly load: () => Promise<CliCommand>;
}

const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  methods: {
    summary: 'list methods of the layer: parameters, result, documented errors',
    load: async () => (await import('./commands/methods.js')).methodsCommand,
  },
  call: {
    summary: 'call any method with JSON parameters and print the result as JSON',
    load: async () => (await import('./commands/call.js')).callCommand,
  },
  login: {
    summary: 'sign in as a bot (--bot-token) or a user (--phone) and save the session',
    load: async () => (await import('./commands/login.js')).loginCommand,
  },
  invite: {
    summary: 'manage invite links: export, list, get, edit, revoke, delete, importers, approve, decline',
    load: async () => (await import('./commands/invite/index.js')).inviteCommand,
  },
  session: {
    summary: 'convert sessions of GramJS, Telethon, Pyrogram, mtcute, Telegram Desktop to and from tgts',
    load: async () => (await import('./commands/session/index.js')).sessionCommand,
  },
  serve: {
    summary: 'run a local Telegram test server (one or more DCs) until Ctrl+C',
    load: async () => (await import('./commands/serve.js')).serveCommand,
  },
};

const VERSION = '0.1.0';

function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const list = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    .join('\n');
  return `usage: tgts <command> [options]

tgts talks to Telegram (or to a local test server) over MTProto from the command line.

Commands:
${list}

Run 'tgts <command> --help' for the options and examples of a command.

Quick start against a local test server:
  tgts serve                                   # prints a bot token, keeps running
  tgts login --server 127.0.0.1:<port> --bot-token <token>
  tgts call help.getConfig
  tgts invite export @demo_channel --usage-limit 10 --expire 7d

Exit codes: 0 success, 1 the call or the command failed, 2 bad command line.
`;
}

/**
 * Runs `tgts` with `argv` (the arguments after the program name).
 * @returns the exit code: 0 ok, 1 runtime/RPC error, 2 usage error.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(topHelp());
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    io.stdout.write(topHelp());
    return EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    println(io.stdout, `tgts ${VERSION}`);
    return EXIT_OK;
  }
  // `tgts help invite export` is `tgts invite export --help`
  if (first === 'help') return main([...rest, '--help'], io);

  const entry = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!entry) {
    const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    println(io.stderr, `error: ${what}${didYouMean(first, Object.keys(COMMANDS))}`);
    println(io.stderr, "run 'tgts --help' for the list of commands");
    return EXIT_USAGE;
  }
  const command = await entry.load();
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      println(io.stderr, `error: ${err.message}`);
      println(io.stderr);
      println(io.stderr, err.usage ?? command.usage);
      println(io.stderr, `run 'tgts ${err.command ?? first} --help' for details and examples`);
      return EXIT_USAGE;
    }
    const described = describeError(err);
    println(io.stderr, `error: ${described.message}`);
    if (io.env?.TGTS_DEBUG && err instanceof Error && err.stack) println(io.stderr, err.stack);
    return described.usage ? EXIT_USAGE : EXIT_FAILURE;
  }
}
