/**
 * Idle-client memory: N (default 1,000) clients, each connected and past the key exchange (auth keys
 * registered with `server.importAuthKey`, one `help.getNearestDc` call each), all connected to one
 * `TestServer` — heap and RSS per client after GC, (after − before) / N. The server runs in a child
 * process so its own memory is not counted; its per-connection cost is reported separately.
 * tgts `Client` and mtcute's `BaseTelegramClient` are measured in separate child processes.
 * Needs `--expose-gc` (the runner passes it). Run alone: `node --expose-gc --import tsx bench/memory.ts`
 * (`BENCH_MEMORY_CLIENTS` sets N).
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { runIfMain } from './lib/standalone.js';
import type { BenchRow } from './lib/types.js';
import type { TestServerClientOptions } from './lib/built.js';

const TARGET_BYTES = 100 * 1024;

interface ServerHandle {
  child: ChildProcess;
  options: TestServerClientOptions;
  request<T>(msg: object, reply: string): Promise<T>;
}

function startServer(): Promise<ServerHandle> {
  const child = fork(join(import.meta.dirname, 'lib', 'server-process.ts'), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const request = <T>(msg: object, reply: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMsg = (m: unknown) => {
        if ((m as { op?: string }).op === reply) {
          child.off('message', onMsg);
          child.off('exit', onExit);
          resolve(m as T);
        }
      };
      const onExit = (code: number | null) => reject(new Error(`server process exited (${code})`));
      child.on('message', onMsg);
      child.once('exit', onExit);
      if (Object.keys(msg).length > 0) child.send(msg);
    });
  return request<{ options: TestServerClientOptions }>({}, 'ready').then((r) => ({ child, options: r.options, request }));
}

function gcMemory(): { heap: number; rss: number } {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 4; i++) gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

interface Side {
  heapPerClient: number;
  rssPerClient: number;
  serverHeapPerConnection: number;
  seconds: number;
}

/** Worker mode: measures one library's clients against a server process; prints a JSON result line. */
async function measure(lib: 'tgts' | 'mtcute', n: number): Promise<Side> {
  const { randomBytes } = await import('node:crypto');
  const server = await startServer();
  const started = performance.now();
  try {
    const keys = Array.from({ length: n + 1 }, () => new Uint8Array(randomBytes(256)));
    await server.request({ op: 'import', keys: keys.map((k) => Buffer.from(k).toString('base64')) }, 'imported');
    const o = server.options;
    type Handle = { call(): Promise<unknown>; close(): Promise<void> };
    let make: (key: Uint8Array) => Promise<Handle>;
    if (lib === 'tgts') {
      const { clientWithKey } = await import('./lib/tgts-client.js');
      make = async (key) => {
        const c = clientWithKey(o, key);
        return { call: () => c.api.help.getNearestDc({}), close: () => c.close() };
      };
    } else {
      const { createMtcuteClient } = await import('./lib/mtcute.js');
      make = async (key) => {
        const c = await createMtcuteClient({ dcId: o.dcId, host: o.host, port: o.port, authKey: key });
        return { call: () => c.call({ _: 'help.getNearestDc' }), close: () => c.destroy() };
      };
    }
    // One client first so modules, JIT and shared tables are loaded before the baseline.
    const warm = await make(keys[n]!);
    await warm.call();
    const srvBefore = await server.request<{ heapUsed: number }>({ op: 'memory' }, 'memory');
    const before = gcMemory();
    const clients: Handle[] = [];
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(keys.slice(i, Math.min(n, i + 50)).map((k) => make(k)));
      await Promise.all(batch.map((c) => c.call()));
      clients.push(...batch);
    }
    await new Promise((r) => setTimeout(r, 500)); // let acks and pings settle
    const after = gcMemory();
    const srvAfter = await server.request<{ heapUsed: number; stats: { connections: number } }>({ op: 'memory' }, 'memory');
    const result: Side = {
      heapPerClient: (after.heap - before.heap) / n,
      rssPerClient: (after.rss - before.rss) / n,
      serverHeapPerConnection: (srvAfter.heapUsed - srvBefore.heapUsed) / Math.max(1, srvAfter.stats.connections - 1),
      seconds: (performance.now() - started) / 1000,
    };
    for (let i = 0; i < clients.length; i += 100) await Promise.all(clients.slice(i, i + 100).map((c) => c.close()));
    await warm.close();
    return result;
  } finally {
    await server.request({ op: 'close' }, 'never').catch(() => undefined);
  }
}

function runWorker(lib: 'tgts' | 'mtcute', n: number): Promise<Side> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, ['--worker', lib, String(n)], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{"heapPerClient"'));
      if (code === 0 && line) resolve(JSON.parse(line) as Side);
      else reject(new Error(`${lib} worker exited with ${code}: ${out.trim().split('\n').slice(-2).join(' / ')}`));
    });
  });
}

const KB = 1024;

export async function run(): Promise<BenchRow[]> {
  const n = Number(process.env.BENCH_MEMORY_CLIENTS ?? 1000);
  const ours = await runWorker('tgts', n);
  let theirs: Side | string;
  try {
    theirs = await runWorker('mtcute', n);
  } catch (err) {
    theirs = `not comparable: ${(err as Error).message}`;
  }
  const peer = (pick: (s: Side) => number): number | string => (typeof theirs === 'string' ? theirs : pick(theirs));
  return [
    {
      name: `heap per idle client (${n} clients, after GC)`,
      value: ours.heapPerClient / KB,
      unit: 'KB',
      mtcute: peer((s) => s.heapPerClient / KB),
      target: '≤ 100 KB (gotd ~150 KB)',
      met: ours.heapPerClient <= TARGET_BYTES,
    },
    {
      name: `RSS per idle client (${n} clients)`,
      value: ours.rssPerClient / KB,
      unit: 'KB',
      mtcute: peer((s) => s.rssPerClient / KB),
      target: '≤ 100 KB',
      met: ours.rssPerClient <= TARGET_BYTES,
    },
    {
      name: 'test server heap per client connection',
      value: ours.serverHeapPerConnection / KB,
      unit: 'KB',
      mtcute: peer((s) => s.serverHeapPerConnection / KB),
      note: 'the server process, serving each library’s clients',
    },
  ];
}

if (process.argv[2] === '--worker') {
  const lib = process.argv[3] === 'mtcute' ? 'mtcute' : 'tgts';
  const side = await measure(lib, Number(process.argv[4]));
  process.stdout.write(`${JSON.stringify(side)}\n`);
  process.exit(0);
} else {
  await runIfMain(import.meta.url, run);
}
