/** Runs `tgts` in-process and captures what it prints. */
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `main(argv)` with buffered stdout/stderr, optional stdin text and signal. */
export async function runCli(argv: string[], opts: { stdin?: string; signal?: AbortSignal; env?: Record<string, string | undefined>; onStdout?: (text: string) => void } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: {
      write: (t: string) => {
        stdout += t;
        opts.onStdout?.(stdout);
        return true;
      },
    },
    stderr: { write: (t: string) => ((stderr += t), true) },
    ...(opts.stdin !== undefined ? { stdin: Readable.from([opts.stdin]) } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    env: opts.env ?? {},
  });
  return { code, stdout, stderr };
}
