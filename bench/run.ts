/**
 * `npm run bench [-- area...]`: runs the selected benchmark areas (default: all that exist), each
 * in its own child process so memory figures are clean and one failing area does not stop the
 * others; prints one Markdown table per area and writes `bench/results/<timestamp>.json` and
 * `bench/results/latest.json`.
 *
 * Options: `--timeout <seconds>` per area (default 900); `--list` prints the known areas.
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './lib/ensure-built.js';
import { foldPeerRows, asRow } from './lib/normalise.js';
import { JSON_MARKER } from './lib/standalone.js';
import { markdownTable } from './lib/table.js';
import type { AreaResult, BenchReport, BenchRow } from './lib/types.js';

/** Areas in the order they run. */
export const AREAS = ['tl', 'crypto', 'exchange', 'transport', 'mtproto', 'text', 'rpc', 'proxy', 'updates', 'files', 'memory', 'coldstart', 'storage'] as const;
/** Areas that run only when named (they take minutes): `npm run bench -- files-2g`. */
export const OPT_IN_AREAS = ['files-2g'] as const;

const BENCH_DIR = import.meta.dirname;
const RESULTS_DIR = join(BENCH_DIR, 'results');

interface Args {
  areas: string[];
  timeoutMs: number;
  list: boolean;
}

function parseArgs(argv: string[]): Args {
  const areas: string[] = [];
  let timeoutMs = 900_000;
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--timeout') {
      const s = Number(argv[++i]);
      if (!(s > 0)) throw new Error(`--timeout needs a positive number of seconds, got ${argv[i]}`);
      timeoutMs = s * 1000;
    } else if (a === '--list') list = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a} (known: --timeout <s>, --list)`);
    else areas.push(a);
  }
  return { areas, timeoutMs, list };
}

/** Runs one area in a child process and collects its rows. */
function runArea(area: string, timeoutMs: number): Promise<AreaResult> {
  const started = performance.now();
  const file = join(BENCH_DIR, `${area}.ts`);
  if (!existsSync(file)) {
    return Promise.resolve({ area, ok: false, durationMs: 0, rows: [], error: `bench/${area}.ts does not exist (yet)` });
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(BENCH_DIR, 'lib', 'child.ts'), area], {
      cwd: join(BENCH_DIR, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      process.stderr.write(d.replace(/^/gm, `  [${area}] `));
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const durationMs = performance.now() - started;
      const at = stdout.lastIndexOf(JSON_MARKER);
      let rows: BenchRow[] = [];
      let parseError: string | undefined;
      if (at >= 0) {
        try {
          const parsed: unknown = JSON.parse(stdout.slice(at + JSON_MARKER.length));
          rows = Array.isArray(parsed) ? parsed.map(asRow).filter((r): r is BenchRow => r !== undefined) : [];
        } catch (err) {
          parseError = `unreadable rows: ${(err as Error).message}`;
        }
      }
      const ok = code === 0 && at >= 0 && parseError === undefined;
      const lastErr = stderr.trim().split('\n').slice(-3).join(' / ');
      const error = ok
        ? undefined
        : timedOut
          ? `timed out after ${timeoutMs / 1000} s`
          : (parseError ?? `exited with ${code ?? signal}${lastErr ? `: ${lastErr}` : ''}`);
      resolve({ area, ok, durationMs, rows: foldPeerRows(rows), ...(error ? { error } : {}) });
    });
  });
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.list) {
    console.log([...AREAS, ...OPT_IN_AREAS.map((a) => `${a} (only when named)`)].map((a) => `${a}${existsSync(join(BENCH_DIR, `${a.split(' ')[0]}.ts`)) ? '' : ' (missing)'}`).join('\n'));
    return;
  }
  const known: readonly string[] = [...AREAS, ...OPT_IN_AREAS];
  const unknown = args.areas.filter((a) => !known.includes(a));
  if (unknown.length > 0) throw new Error(`unknown area(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const selected = args.areas.length > 0 ? args.areas : [...AREAS];
  ensureBuilt();
  const startedAt = new Date();
  const cpu = cpus();
  console.log(`# tgts benchmarks — ${startedAt.toISOString()}\n`);
  console.log(`Node ${process.version}, ${process.platform}/${process.arch}, ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}\n`);
  const results: AreaResult[] = [];
  for (const area of selected) {
    const r = await runArea(area, args.timeoutMs);
    results.push(r);
    console.log(`## ${area}${r.ok ? '' : ' — FAILED'} (${(r.durationMs / 1000).toFixed(1)} s)\n`);
    if (r.error) console.log(`> ${r.error}\n`);
    if (r.rows.length > 0) console.log(`${markdownTable(r.rows)}\n`);
  }
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    areas: results,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const file = join(RESULTS_DIR, `${stamp(startedAt)}.json`);
  writeFileSync(file, json);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), json);
  console.log(`Results: ${file} (and bench/results/latest.json)`);
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

try {
  await main();
} catch (err) {
  console.error(`bench: ${(err as Error).message}`);
  process.exitCode = 2;
}
