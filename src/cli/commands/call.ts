/** `tgts call <method> [json]`: any method of the layer, JSON in, JSON out. */
import { readFile } from 'node:fs/promises';
import type { AnyRequest } from '../../tl/index.js';
import { parseCommandLine, noMorePositionals, str } from '../args.js';
import type { CliCommand } from '../command.js';
import { EXIT_OK } from '../command.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, withClient } from '../connect.js';
import { describeError } from '../errors.js';
import { JsonTlError } from '../json/errors.js';
import { apiMethodNames, requestFromJson } from '../json/json-to-tl.js';
import { formatTlJson } from '../json/tl-to-json.js';
import type { CliIo } from '../io.js';
import { println } from '../io.js';
import { readAll } from '../prompt.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: tgts call <method> [json | @file.json | -] [connection options]`;

const HELP = `${USAGE}

Calls any method of the layer. Parameters are one JSON object (the method's fields; see
'tgts methods <method>'); the result is printed as JSON.

JSON conventions (the same in parameters and results):
  keys         camelCase field names (usageLimit) or the TL names (usage_limit)
  long         decimal string ("-4735934623934") or a safe-integer number; user, chat and
               channel ids are plain numbers
  bytes        base64; int128 / int256 are base64 of 16 / 32 bytes
  objects      {"_": "constructorName", ...fields}; "_" may be left out when the type has
               a single constructor
  Vector       JSON array
  Bool, flags  true / false (a false flag is the same as leaving it out)

The parameters may be given inline, read from a file (@params.json), or from stdin (-).
A method without required parameters needs no JSON at all.

Options:
  --method-help   show the method's parameters instead of calling it
  -h, --help      show this help

${CONNECTION_HELP}

Exit codes: 0 ok, 1 the server returned an error (printed as 'error: 400 TYPE (method)'),
2 bad command line or parameters (the message names the bad field).

Examples:
  tgts call help.getConfig
  tgts call users.getUsers '{"id":[{"_":"inputUserSelf"}]}'
  tgts call messages.exportChatInvite '{"peer":{"_":"inputPeerChannel","channelId":1000001,"accessHash":"812345"},"usageLimit":5}'
  tgts call messages.getExportedChatInvites @query.json --session bot.session
`;

/** `messages.exportChatInvite`, or a unique suffix of one (`exportChatInvite`). */
export function resolveMethodName(name: string): string {
  const all = apiMethodNames();
  if (all.includes(name)) return name;
  const bySuffix = all.filter((m) => m.endsWith(`.${name}`));
  return bySuffix.length === 1 ? bySuffix[0] : name;
}

async function readParams(text: string | undefined, io: CliIo): Promise<unknown> {
  if (text === undefined) return undefined;
  let source = 'the parameters';
  let json = text;
  if (text === '-') {
    if (!io.stdin) throw new UsageError('- reads the parameters from stdin, but there is none');
    json = await readAll(io.stdin);
    source = 'stdin';
  } else if (text.startsWith('@')) {
    source = text.slice(1);
    try {
      json = await readFile(source, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${source}: ${(err as Error).message}`);
    }
  }
  try {
    return JSON.parse(json);
  } catch (err) {
    throw new UsageError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
}

export const callCommand: CliCommand = {
  name: 'call',
  summary: 'call any method with JSON parameters',
  usage: USAGE,
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandLine(args, {
      ...CONNECTION_OPTIONS,
      'method-help': { type: 'boolean' },
    });
    if (help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    const name = positionals[0];
    if (name === undefined) throw new UsageError('missing the method name');
    noMorePositionals(positionals, 2);
    const method = resolveMethodName(name);
    if (values['method-help'] === true) {
      const { methodsCommand } = await import('./methods.js');
      return methodsCommand.run([method, '--long'], io);
    }
    // Validate everything before connecting: bad input never touches the network.
    let request: AnyRequest;
    try {
      request = requestFromJson(method, await readParams(positionals[1], io)) as unknown as AnyRequest;
    } catch (err) {
      if (err instanceof JsonTlError && err.path === method && !apiMethodNames().includes(method)) {
        throw new UsageError(err.message);
      }
      throw err;
    }
    try {
      const result = await withClient(values, io, (client) => client.invoke(request));
      println(io.stdout, formatTlJson(result));
      return EXIT_OK;
    } catch (err) {
      // name the method even when the error object does not
      const d = describeError(err, method);
      if (d.usage || err instanceof UsageError) throw err;
      throw Object.assign(new Error(d.message), { cause: err });
    }
  },
};
