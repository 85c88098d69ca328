/**
 * A throwaway Redis server from the system's `redis-server` (Debian's `redis-server` package):
 * in-memory only, on a random loopback port, working directory in a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, startProcess, waitUntilUp } from './process.js';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Path of `redis-server`: `$TGTS_REDIS_SERVER` or the PATH. */
export function redisServerPath(): string | undefined {
  if (process.env.TGTS_REDIS_SERVER) return process.env.TGTS_REDIS_SERVER;
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

export async function startRedis(): Promise<RedisServer> {
  const bin = redisServerPath();
  if (!bin) throw new Error('redis-server not found: install Debian\'s redis-server package (.ci/run does) or set TGTS_REDIS_SERVER');
  const dir = mkdtempSync(join(tmpdir(), 'tgts-redis-'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const server = startProcess(
      bin,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes'],
      { cwd: dir },
    );
    const url = `redis://127.0.0.1:${port}`;
    try {
      await waitUntilUp(server, () => probe(url), 'redis-server');
    } catch (error) {
      if (attempt < 3 && /Address already in use/.test(server.output())) continue;
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return {
      url,
      port,
      async stop() {
        await server.stop('SIGTERM');
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

async function probe(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined); // the failed connect rejects below; no unhandled 'error' event
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}
