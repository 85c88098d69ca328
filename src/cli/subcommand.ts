/** The dispatch shared by command families (`tgts invite …`, `tgts session …`). */
import { EXIT_OK } from './command.js';
import type { CliIo } from './io.js';
import { didYouMean } from './suggest.js';
import { UsageError } from './usage-error.js';

/**
 * Runs `tgts <family> <subcommand> …`: prints `help` for `--help`/`-h`/`help`, refuses a missing
 * or unknown subcommand (with a suggestion), and tags usage errors with the subcommand's usage
 * and name so the dispatcher prints the right hint.
 */
export async function dispatchSubcommand<S extends { name: string }>(
  family: string,
  help: string,
  subcommands: readonly S[],
  args: readonly string[],
  io: CliIo,
  run: (sub: S, rest: string[]) => Promise<number>,
  usageOf: (sub: S) => string,
): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) throw new UsageError('missing the subcommand');
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help);
    return EXIT_OK;
  }
  const sub = subcommands.find((s) => s.name === name);
  if (!sub) throw new UsageError(`unknown subcommand '${name}'${didYouMean(name, subcommands.map((s) => s.name))}`);
  try {
    return await run(sub, rest);
  } catch (err) {
    if (err instanceof UsageError) {
      err.usage ??= usageOf(sub);
      err.command ??= `${family} ${sub.name}`;
    }
    throw err;
  }
}
