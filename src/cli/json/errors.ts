/** A JSON value that does not fit the TL schema: `path` names the field, `problem` says why. */
export class JsonTlError extends Error {
  override name = 'JsonTlError';
  /** Dotted path of the bad value, starting with the method name (`messages.exportChatInvite.peer._`). */
  readonly path: string;
  /** What is wrong, without the path. */
  readonly problem: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.path = path;
    this.problem = problem;
  }
}
