/**
 * Keeps `dist/` current for the benchmarks that import the built package (`built.ts`).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    // `parentPath` is Node ≥ 20.12; earlier 20.x name it `path`.
    const dirOf = (entry as { parentPath?: string }).parentPath ?? (entry as unknown as { path: string }).path;
    if (entry.isFile()) newest = Math.max(newest, statSync(join(dirOf, entry.name)).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` when dist/ is missing or older than src/; returns whether it built. */
export function ensureBuilt(): boolean {
  const entry = join(ROOT, 'dist', 'index.js');
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestMtime(join(ROOT, 'src'))) return false;
  process.stderr.write('bench: dist/ is missing or older than src/ — running npm run build\n');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 || !existsSync(entry)) throw new Error('npm run build failed; the client/server benchmarks need dist/');
  return true;
}
