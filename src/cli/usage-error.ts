/** A mistake in the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  /** Usage text of the command that refused the arguments, filled in by the dispatcher. */
  usage?: string;
  /** Command words for the `--help` hint (`invite export`), filled in by the dispatcher. */
  command?: string;
}
