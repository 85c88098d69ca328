/**
 * Cold start: time to `import` the package and construct a client in a fresh `node` process
 * (median of several runs, tgts from `dist/`), heap after GC, beside GramJS (`telegram`), mtcute and
 * bare `node`; and the minified esbuild bundle size of a bot that signs in and calls
 * `messages.exportChatInvite` (`bench/bundle/*.ts`), beside mtcute's equivalent.
 * Run alone: `node --import tsx bench/coldstart.ts` (`BENCH_COLDSTART_RUNS` sets the run count, default 10).
 * @module
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ensureBuilt } from './lib/ensure-built.js';
import { median } from './lib/stats.js';
import { runIfMain } from './lib/standalone.js';
import type { BenchRow } from './lib/types.js';

const ROOT = join(import.meta.dirname, '..');
const MARK = '@@coldstart@@';

type Lib = 'node' | 'tgts' | 'mtcute' | 'gramjs';

/** Program text per library: import + construct between two clock reads, then heap after GC. */
function program(lib: Lib): string {
  const tgtsUrl = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
  const body: Record<Lib, string> = {
    node: '',
    tgts: `const { Client } = await import(${JSON.stringify(tgtsUrl)}); new Client({ apiId: 1, apiHash: 'x' });`,
    mtcute: `const { TelegramClient } = await import('@mtcute/node'); const { MemoryStorage } = await import('@mtcute/core'); new TelegramClient({ apiId: 1, apiHash: 'x', storage: new MemoryStorage() });`,
    gramjs: `const { TelegramClient } = await import('telegram'); const { StringSession } = await import('telegram/sessions/index.js'); new TelegramClient(new StringSession(''), 1, 'x', {});`,
  };
  return [
    'const t0 = performance.now();',
    body[lib],
    'const t1 = performance.now();',
    'for (let i = 0; i < 3; i++) globalThis.gc();',
    'const m = process.memoryUsage();',
    `process.stdout.write('\\n${MARK}' + JSON.stringify({ ms: t1 - t0, heap: m.heapUsed, rss: m.rss }) + '\\n');`,
    'process.exit(0);',
  ].join('\n');
}

interface Sample {
  ms: number;
  wallMs: number;
  heap: number;
  rss: number;
}

function once(lib: Lib): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', program(lib)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      const at = out.lastIndexOf(MARK);
      if (code !== 0 || at < 0) return reject(new Error(`${lib} exited with ${code}: ${err.trim().split('\n').slice(-2).join(' / ')}`));
      const r = JSON.parse(out.slice(at + MARK.length)) as Omit<Sample, 'wallMs'>;
      resolve({ ...r, wallMs });
    });
  });
}


async function bundleSize(entry: string): Promise<{ min: number; gzip: number }> {
  const { build } = await import('esbuild');
  const r = await build({
    entryPoints: [join(ROOT, 'bench', 'bundle', entry)],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    // Native SQLite binding: a .node file neither bundler can inline; both libraries reference it.
    external: ['better-sqlite3'],
  });
  const out = r.outputFiles[0]!.contents;
  return { min: out.length, gzip: gzipSync(out).length };
}

export async function run(): Promise<BenchRow[]> {
  ensureBuilt();
  const runs = Number(process.env.BENCH_COLDSTART_RUNS ?? 10);
  const libs: Lib[] = ['node', 'tgts', 'mtcute', 'gramjs'];
  const samples = new Map<Lib, Sample[]>(libs.map((l) => [l, []]));
  const failed = new Map<Lib, string>();
  // One unmeasured round warms the file cache; then rounds interleave the libraries.
  for (let round = -1; round < runs; round++) {
    for (const lib of libs) {
      if (failed.has(lib)) continue;
      try {
        const s = await once(lib);
        if (round >= 0) samples.get(lib)!.push(s);
      } catch (err) {
        failed.set(lib, `not measured: ${(err as Error).message}`);
      }
    }
  }
  const stat = (lib: Lib, pick: (s: Sample) => number): number | string => failed.get(lib) ?? median(samples.get(lib)!.map(pick));
  const num = (v: number | string): number => (typeof v === 'number' ? v : NaN);
  const rows: BenchRow[] = [];
  const ours = num(stat('tgts', (s) => s.ms));
  const gram = stat('gramjs', (s) => s.ms);
  rows.push({
    name: 'import + construct client (in process)',
    value: ours,
    unit: 'ms',
    mtcute: stat('mtcute', (s) => s.ms),
    gramjs: gram,
    target: '≤ ½ GramJS',
    met: typeof gram === 'number' && ours <= gram / 2,
    note: `median of ${runs} fresh processes; tgts from dist/`,
  });
  const gramWall = stat('gramjs', (s) => s.wallMs);
  const ourWall = num(stat('tgts', (s) => s.wallMs));
  const bare = stat('node', (s) => s.wallMs);
  // Context, not a target: includes Node's own start-up, which no library can shorten.
  const net = (v: number | string): string => (typeof v === 'number' && typeof bare === 'number' ? (v - bare).toFixed(0) : '—');
  rows.push({
    name: 'process wall time (spawn → exit)',
    value: ourWall,
    unit: 'ms',
    mtcute: stat('mtcute', (s) => s.wallMs),
    gramjs: gramWall,
    note: `bare node -e 0: ${typeof bare === 'number' ? bare.toFixed(1) : bare} ms; minus that: tgts ${net(ourWall)}, GramJS ${net(gramWall)}`,
  });
  const MB = 1024 * 1024;
  const gramHeap = stat('gramjs', (s) => s.heap / MB);
  const ourHeap = num(stat('tgts', (s) => s.heap / MB));
  const bareHeap = stat('node', (s) => s.heap / MB);
  rows.push({
    name: 'heap after GC (import + construct)',
    value: ourHeap,
    unit: 'MB',
    mtcute: stat('mtcute', (s) => s.heap / MB),
    gramjs: gramHeap,
    target: '< GramJS',
    met: typeof gramHeap === 'number' && ourHeap < gramHeap,
    note: `bare node: ${typeof bareHeap === 'number' ? bareHeap.toFixed(2) : bareHeap} MB`,
  });
  rows.push({
    name: 'RSS after GC (import + construct)',
    value: num(stat('tgts', (s) => s.rss / MB)),
    unit: 'MB',
    mtcute: stat('mtcute', (s) => s.rss / MB),
    gramjs: stat('gramjs', (s) => s.rss / MB),
    note: `bare node: ${String(stat('node', (s) => +(s.rss / MB).toFixed(1)))} MB`,
  });

  const KB = 1024;
  try {
    const t = await bundleSize('tgts-bot.ts');
    let mt: { min: number; gzip: number } | string;
    let mtMin: { min: number; gzip: number } | undefined;
    try {
      mt = await bundleSize('mtcute-bot.ts');
      mtMin = await bundleSize('mtcute-bot-minimal.ts').catch(() => undefined);
    } catch (err) {
      mt = `not measured: ${(err as Error).message.split('\n')[0]}`;
    }
    const mtcuteMin = typeof mt === 'string' ? mt : mt.min / KB;
    rows.push({
      name: 'bot bundle (esbuild, node, minified)',
      value: t.min / KB,
      unit: 'KB',
      mtcute: mtcuteMin,
      target: '< mtcute',
      met: typeof mt !== 'string' && t.min < mt.min,
      note: `bench/bundle/*-bot.ts${mtMin ? `; mtcute tree-shaken (BaseTelegramClient + start): ${(mtMin.min / KB).toFixed(0)} KB` : ''}`,
    });
    rows.push({
      name: 'bot bundle gzipped',
      value: t.gzip / KB,
      unit: 'KB',
      mtcute: typeof mt === 'string' ? mt : mt.gzip / KB,
    });
  } catch (err) {
    rows.push({ name: 'bot bundle (esbuild, node, minified)', value: NaN, unit: 'KB', note: `failed: ${(err as Error).message.split('\n')[0]}` });
  }
  return rows;
}

await runIfMain(import.meta.url, run);
