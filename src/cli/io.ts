/** The streams and environment a command runs with; tests pass their own. */

/** Anything with a `write(text)` method (a `process.stdout`, or a buffer in tests). */
export interface TextSink {
  write(text: string): unknown;
}

/** What `main` needs from its surroundings. */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** Where prompts (login code, 2FA password) are read from; default `process.stdin`. */
  stdin?: NodeJS.ReadableStream;
  /** Environment (`TG_API_ID`, `TG_API_HASH`); default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Stops long-running commands (`serve`) like SIGINT does; tests use it instead of signals. */
  signal?: AbortSignal;
}

/** Writes one line. */
export function println(sink: TextSink, text = ''): void {
  sink.write(`${text}\n`);
}
