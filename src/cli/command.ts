/** The shape every `tgts` command has. */
import type { CliIo } from './io.js';

/** One command (or subcommand) of `tgts`. */
export interface CliCommand {
  /** Word that selects it (`methods`, `invite export`). */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** `usage:` lines, printed after a usage error. */
  readonly usage: string;
  /** Full `--help` text (usage, options, examples). */
  readonly help: string;
  /** Runs with the arguments after the command word; resolves the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes of `tgts`. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
