/**
 * A throwaway PostgreSQL server from the system's binaries (Debian's `postgresql` package): a new
 * cluster in a temporary directory, listening on a random loopback port (TCP only), with
 * durability switched off (tests and benchmarks do not survive power cuts). `initdb` and
 * `postgres` refuse to run as root, so as root both run as the `postgres` user, which then owns
 * the directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startProcess, waitUntilUp, type ServerProcess } from './process.js';

/** A running server; `url` connects as a superuser to the database `postgres`. */
export interface PostgresServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** Directory of `initdb` and `postgres`: `$TGTS_PG_BINDIR`, Debian's newest version, `pg_config --bindir`, or the PATH. */
export function postgresBinDir(): string | undefined {
  const fromEnv = process.env.TGTS_PG_BINDIR;
  if (fromEnv && existsSync(join(fromEnv, 'postgres'))) return fromEnv;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(join(debian, v, 'bin', 'postgres')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(debian, versions[0], 'bin');
  }
  const config = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (config.status === 0 && existsSync(join(config.stdout.trim(), 'postgres'))) return config.stdout.trim();
  const which = spawnSync('sh', ['-c', 'command -v postgres'], { encoding: 'utf8' });
  return which.status === 0 ? join(which.stdout.trim(), '..') : undefined;
}

/** uid/gid to run as: the `postgres` user when we are root, nobody else otherwise. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL binaries not found: install Debian\'s postgresql package (.ci/run does) or set TGTS_PG_BINDIR');
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'tgts-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'tgts', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], {
    cwd: dir,
    encoding: 'utf8',
    ...user,
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout || String(init.error)}`);
  }
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const server = startProcess(
      join(bin, 'postgres'),
      [
        '-D', data,
        '-p', String(port),
        '-k', dir, // unix socket here, not in /var/run
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'fsync=off',
        '-c', 'synchronous_commit=off',
        '-c', 'full_page_writes=off',
        '-c', 'max_connections=200',
        '-c', 'shared_buffers=32MB',
      ],
      { cwd: dir, ...user },
    );
    const url = `postgres://tgts@127.0.0.1:${port}/postgres`;
    try {
      await waitUntilUp(server, () => probe(url), 'postgres');
    } catch (error) {
      if (attempt < 3 && /already in use/.test(server.output())) continue; // lost the port race
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return { url, port, stop: () => stop(server, dir) };
  }
}

async function probe(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  await client.end();
}

async function stop(server: ServerProcess, dir: string): Promise<void> {
  // "smart" shutdown first: clients that are closing finish cleanly instead of getting an error
  // (pg's pool.end() resolves before its sockets are closed); then "fast", which drops the rest
  await server.stop(['SIGTERM', 'SIGINT']);
  rmSync(dir, { recursive: true, force: true });
}
