/** `tgts methods [filter]`: what the layer offers, from the schema registry and the errors table. */
import { methodErrors } from '../../tl/generated/errors.js';
import { LAYER } from '../../tl/generated/layer.js';
import { entriesOf } from '../../tl/registry.js';
import type { TlEntry, TlEntryParam } from '../../tl/registry.js';
import { flag, noMorePositionals, parseCommandLine } from '../args.js';
import type { CliCommand } from '../command.js';
import { EXIT_FAILURE, EXIT_OK } from '../command.js';
import { println } from '../io.js';

const USAGE = 'usage: tgts methods [filter] [--json] [--long | --short]';

const HELP = `${USAGE}

Lists the methods of TL layer ${LAYER}: parameters (name: TL type, '?' marks optional ones),
the result type and the errors Telegram documents for each method. Use it to find what to
pass to 'tgts call'.

The filter is a case-insensitive piece of the method name ('invite', 'messages.', 'getConfig').
When at most 5 methods match, each is shown in full; otherwise one line per method.

Options:
  --long     always show the full form (parameters one per line, documented errors)
  --short    always show one line per method
  --json     print a JSON array instead: name, params, result, errors, url
  -h, --help show this help

Parameter names are the camelCase keys 'tgts call' accepts (the TL snake_case names work too).
'long (id)' marks user/chat/channel ids, written as plain JSON numbers; other longs are
decimal strings.

Examples:
  tgts methods exportChatInvite
  tgts methods invite --short
  tgts methods help.getConfig --json
`;

/** JSON form of one parameter. */
export interface MethodParamInfo {
  name: string;
  tlName: string;
  type: string;
  optional: boolean;
  numberId?: boolean;
}

/** JSON form of one method. */
export interface MethodInfo {
  name: string;
  params: MethodParamInfo[];
  result: string;
  errors: Array<{ code: number; type: string }>;
  url: string;
}

/** Description of a method for `--json` and for tests. */
export function describeMethod(e: TlEntry): MethodInfo {
  const params = e.params
    .filter((p) => p.type !== '#')
    .map((p): MethodParamInfo => ({
      name: p.camelName,
      tlName: p.name,
      type: p.type,
      optional: p.flag !== undefined,
      ...(p.numberId ? { numberId: true } : {}),
    }));
  return {
    name: e.name,
    params,
    result: e.type,
    errors: (methodErrors[e.name] ?? []).map((x) => ({ code: x.code, type: x.type })),
    url: `https://core.telegram.org/method/${e.name}`,
  };
}

/** Methods whose name contains `filter` (case-insensitive); an exact name match comes alone. */
export function findMethods(filter: string | undefined): TlEntry[] {
  const all = entriesOf('api', 'method');
  if (filter === undefined || filter === '') return [...all];
  const exact = all.filter((e) => e.name === filter);
  if (exact.length > 0) return exact;
  const f = filter.toLowerCase();
  return all.filter((e) => e.name.toLowerCase().includes(f));
}

function paramType(p: TlEntryParam): string {
  return p.numberId ? p.type.replace('long', 'long (id)') : p.type;
}

function oneLine(e: TlEntry): string {
  const params = e.params.filter((p) => p.type !== '#').map((p) => `${p.camelName}${p.flag ? '?' : ''}: ${paramType(p)}`);
  return `${e.name}(${params.join(', ')}) → ${e.type}`;
}

function longForm(e: TlEntry): string {
  const lines = [`${e.name} → ${e.type}`];
  const params = e.params.filter((p) => p.type !== '#');
  if (params.length === 0) lines.push('  (no parameters)');
  const width = Math.max(0, ...params.map((p) => p.camelName.length + (p.flag ? 2 : 1)));
  for (const p of params) {
    const name = `${p.camelName}${p.flag ? '?' : ''}:`;
    const tl = p.name !== p.camelName ? `  (TL: ${p.name})` : '';
    lines.push(`  ${name.padEnd(width)} ${paramType(p)}${tl}`);
  }
  const errors = methodErrors[e.name] ?? [];
  lines.push(errors.length === 0 ? '  errors: none documented' : `  errors: ${errors.map((x) => `${x.code} ${x.type}`).join(', ')}`);
  lines.push(`  docs: https://core.telegram.org/method/${e.name}`);
  return lines.join('\n');
}

export const methodsCommand: CliCommand = {
  name: 'methods',
  summary: 'list the methods of the layer with parameters, result and documented errors',
  usage: USAGE,
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandLine(args, {
      json: { type: 'boolean' },
      long: { type: 'boolean' },
      short: { type: 'boolean' },
    });
    if (help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    noMorePositionals(positionals, 1);
    const found = findMethods(positionals[0]);
    if (flag(values, 'json')) {
      println(io.stdout, JSON.stringify(found.map(describeMethod), null, 2));
      return found.length > 0 ? EXIT_OK : EXIT_FAILURE;
    }
    if (found.length === 0) {
      println(io.stderr, `no method matches '${positionals[0]}'`);
      return EXIT_FAILURE;
    }
    const long = flag(values, 'long') || (!flag(values, 'short') && found.length <= 5);
    println(io.stdout, found.map(long ? longForm : oneLine).join(long ? '\n\n' : '\n'));
    return EXIT_OK;
  },
};
