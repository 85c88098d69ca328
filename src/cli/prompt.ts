/** Reading from stdin: whole input (`call ... -`) and line prompts (`login`). */
import { createInterface } from 'node:readline';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

const MAX_INPUT = 16 << 20;

/** Reads a stream to its end as UTF-8 (at most 16 MiB). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > MAX_INPUT) throw new UsageError('stdin: more than 16 MiB of input');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Line reader over `io.stdin` with prompts on stderr (stdout stays clean for results).
 * Every `ask` consumes one line; end of input is an error, not a hang.
 */
export class Prompter {
  private lines: string[] = [];
  private waiting: Array<{ resolve: (line: string) => void; reject: (err: Error) => void }> = [];
  private ended = false;
  private rl: ReturnType<typeof createInterface> | undefined;

  constructor(private readonly io: CliIo) {}

  /** Starts reading stdin on the first question only, so commands that never ask leave it alone. */
  private start(): void {
    const input = this.io.stdin;
    if (this.rl || this.ended || !input) return;
    this.rl = createInterface({ input, terminal: false });
    this.rl.on('line', (line) => {
      const w = this.waiting.shift();
      if (w) w.resolve(line);
      else this.lines.push(line);
    });
    this.rl.on('close', () => {
      this.ended = true;
      for (const w of this.waiting.splice(0)) w.reject(new UsageError('stdin ended before an answer was given'));
    });
  }

  /** Prints `question` and resolves the next line (trimmed). */
  ask(question: string): Promise<string> {
    this.io.stderr.write(question);
    this.start();
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line.trim());
    if (!this.rl || this.ended) return Promise.reject(new UsageError(`no answer for '${question.trim()}' (stdin is closed); pass it as an option`));
    return new Promise<string>((resolve, reject) => this.waiting.push({ resolve: (l) => resolve(l.trim()), reject }));
  }

  /**
   * Like {@link ask}, but on a terminal the answer is not echoed (raw mode while it is typed;
   * backspace edits, Ctrl-C interrupts as usual). Piped input is read like any other line.
   */
  async askSecret(question: string): Promise<string> {
    const input = this.io.stdin as (NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown }) | undefined;
    if (!input?.isTTY || typeof input.setRawMode !== 'function') return this.ask(question);
    const interrupt = (chunk: string | Buffer): void => {
      if (!String(chunk).includes('\u0003')) return;
      input.setRawMode!(false);
      process.kill(process.pid, 'SIGINT');
    };
    input.setRawMode(true);
    input.on('data', interrupt);
    try {
      const typed = await this.ask(question);
      this.io.stderr.write('\n');
      return applyBackspaces(typed);
    } finally {
      input.off('data', interrupt);
      input.setRawMode(false);
    }
  }

  /** Stops reading stdin so the process can exit. */
  close(): void {
    this.rl?.close();
  }
}

/** Raw mode delivers backspace (DEL or BS) as characters: apply them to what precedes. */
export function applyBackspaces(typed: string): string {
  const out: string[] = [];
  for (const ch of typed) {
    if (ch === '\u007f' || ch === '\b') out.pop();
    else out.push(ch);
  }
  return out.join('');
}
