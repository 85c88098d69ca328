/**
 * Opt-in (`npm run bench -- files-2g`; not part of the default run, it takes minutes): a 2 GiB file
 * generated on the fly, uploaded from a generator and streamed back through `client.files.stream`,
 * never held whole. The work runs in a child process of plain Node on the built package (see
 * `lib/stream-rss-child.mjs`) so the figure is the library's and the in-process test server's, not the
 * TypeScript loader's; the server keeps the file on disk (`dataDir`). Reports the process' peak RSS
 * (kernel high-water mark) and both rates; then the same with the server in a process of its own, for the
 * client's own figure. `BENCH_FILES_2G_MB` sets the size (default 2048).
 * Run alone: `node --import tsx bench/files-2g.ts`.
 * @module
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runIfMain } from './lib/standalone.js';
import type { BenchRow } from './lib/types.js';

const MiB = 1024 * 1024;

interface ChildResult {
  size: number;
  baseRss: number;
  afterUpload: number;
  peakRss: number;
  /** Split runs: the server process' peak. */
  serverPeakRss?: number;
  upMiBps: number;
  downMiBps: number;
}

function runChild(mb: number, split: boolean): Promise<ChildResult> {
  const args = ['--expose-gc', join(import.meta.dirname, 'lib', 'stream-rss-child.mjs'), String(mb), ...(split ? ['split'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`the 2 GiB child exited with ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
}

export async function run(): Promise<BenchRow[]> {
  const mb = Number(process.env.BENCH_FILES_2G_MB ?? 2048);
  const r = await runChild(mb, false);
  const c = await runChild(mb, true);
  const mib = (n: number): string => (n / MiB).toFixed(0);
  return [
    {
      name: `peak RSS: ${mb} MiB generated, uploaded from a generator, streamed back`,
      value: Number((r.peakRss / MiB).toFixed(0)),
      unit: 'MiB',
      note: `one process, plain Node: client + in-process server (files under dataDir); ${mib(r.baseRss)} MiB connected and idle, ${mib(r.afterUpload)} MiB peak by the end of the upload`,
      target: '≤ 200 MB',
      met: r.peakRss <= 200 * 1000 * 1000,
    },
    {
      name: `peak RSS of the client process alone (server in its own process), same ${mb} MiB`,
      value: Number((c.peakRss / MiB).toFixed(0)),
      unit: 'MiB',
      note: `${mib(c.baseRss)} MiB connected and idle; the server process peaked at ${mib(c.serverPeakRss ?? 0)} MiB; up ${c.upMiBps.toFixed(0)}, down ${c.downMiBps.toFixed(0)} MiB/s`,
      target: '≤ 200 MB',
      met: c.peakRss <= 200 * 1000 * 1000,
    },
    { name: `upload ${mb} MiB from a generator`, value: Number(r.upMiBps.toFixed(1)), unit: 'MiB/s' },
    { name: `stream back ${mb} MiB`, value: Number(r.downMiBps.toFixed(1)), unit: 'MiB/s' },
  ];
}

await runIfMain(import.meta.url, run);
