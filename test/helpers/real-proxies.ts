/**
 * Real proxy servers from Debian for the proxy tests: dante (`danted`) and microsocks for SOCKS5,
 * tinyproxy for HTTP CONNECT. Each runs on a free loopback port with a config generated in a
 * temp dir and is stopped (and its dir removed) by `stop()`. `.ci/run` installs the packages.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A proxy process listening on 127.0.0.1. */
export interface RealProxy {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** `socks5://…` or `http://…`, with the credentials it was started with. */
  readonly url: string;
  stop(): Promise<void>;
}

const BINARIES = { danted: '/usr/sbin/danted', microsocks: '/usr/bin/microsocks', tinyproxy: '/usr/bin/tinyproxy' } as const;

/** Names of the proxy binaries that are missing (tests skip, saying which). */
export function missingProxyBinaries(): string[] {
  return Object.entries(BINARIES)
    .filter(([, path]) => spawnSync('test', ['-x', path]).status !== 0)
    .map(([name]) => name);
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, name: string, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 250; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${name} did not listen on ${port}: ${log()}`);
}

async function run(name: string, args: string[], port: number, dir: string, url: string): Promise<RealProxy> {
  const child = spawn(args[0]!, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, name, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { name, host: '127.0.0.1', port, url, stop };
}

function credentials(auth?: { username: string; password: string }): string {
  return auth ? `${encodeURIComponent(auth.username)}:${encodeURIComponent(auth.password)}@` : '';
}

/** microsocks, optionally with username/password. */
export async function startMicrosocks(auth?: { username: string; password: string }): Promise<RealProxy> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'tgts-microsocks-'));
  const args = [BINARIES.microsocks, '-i', '127.0.0.1', '-p', String(port), ...(auth ? ['-u', auth.username, '-P', auth.password] : [])];
  return run('microsocks', args, port, dir, `socks5://${credentials(auth)}127.0.0.1:${port}`);
}

/** danted without authentication; CONNECTs to 127.0.0.1:`blockedPort` are refused by its rules. */
export async function startDante(options: { blockedPort?: number } = {}): Promise<RealProxy> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'tgts-dante-'));
  const block = options.blockedPort ? `socks block { from: 0.0.0.0/0 to: 127.0.0.1/32 port = ${options.blockedPort} }\n` : '';
  const config =
    `logoutput: stderr\ninternal: 127.0.0.1 port = ${port}\nexternal: 127.0.0.1\n` +
    `socksmethod: none\nclientmethod: none\nuser.privileged: root\nuser.unprivileged: nobody\n` +
    `client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }\n${block}socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 command: connect }\n`;
  await writeFile(join(dir, 'danted.conf'), config);
  const args = [BINARIES.danted, '-f', join(dir, 'danted.conf'), '-p', join(dir, 'danted.pid'), '-N', '1'];
  return run('danted', args, port, dir, `socks5://127.0.0.1:${port}`);
}

/** tinyproxy (HTTP CONNECT), optionally with basic auth. */
export async function startTinyproxy(auth?: { username: string; password: string }): Promise<RealProxy> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'tgts-tinyproxy-'));
  const config =
    `Port ${port}\nListen 127.0.0.1\nTimeout 600\nMaxClients 200\nAllow 127.0.0.1\nLogLevel Error\n` +
    `PidFile "${join(dir, 'tinyproxy.pid')}"\n${auth ? `BasicAuth ${auth.username} ${auth.password}\n` : ''}`;
  await writeFile(join(dir, 'tinyproxy.conf'), config);
  return run('tinyproxy', [BINARIES.tinyproxy, '-d', '-c', join(dir, 'tinyproxy.conf')], port, dir, `http://${credentials(auth)}127.0.0.1:${port}`);
}
