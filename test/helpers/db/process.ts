/**
 * What the throwaway database servers share: a free loopback port, a child process that is
 * always killed (even when the test process exits early), and waiting until a server answers.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port that was free a moment ago on 127.0.0.1 (the server binding it may still lose a race: retry). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A server process with its output kept (for the error when it does not come up). */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** What it printed so far. */
  output(): string;
  /** Resolves when it exited. */
  readonly exited: Promise<number | null>;
  /** Sends each signal in turn, waiting up to `graceMs` after each for the exit, then kills it. */
  stop(signals?: NodeJS.Signals | NodeJS.Signals[], graceMs?: number): Promise<void>;
}

export function startProcess(command: string, args: readonly string[], options: SpawnOptions = {}): ServerProcess {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let text = '';
  const keep = (chunk: Buffer): void => {
    text = (text + chunk.toString()).slice(-8_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      text += String(error);
      running.delete(child);
      resolve(null);
    });
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  return {
    child,
    output: () => text,
    exited,
    async stop(signals = 'SIGTERM', graceMs = 3_000) {
      for (const signal of [...(Array.isArray(signals) ? signals : [signals]), 'SIGKILL' as const]) {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill(signal);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
        clearTimeout(timer);
      }
    },
  };
}

/** Calls `probe` until it resolves (bounded); rejects with the server's output when it never does. */
export async function waitUntilUp(server: ServerProcess, probe: () => Promise<void>, what: string, attempts = 200): Promise<void> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) break;
    try {
      await probe();
      return;
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await server.stop('SIGKILL');
  throw new Error(`${what} did not start (${String(last)}):\n${server.output()}`);
}
