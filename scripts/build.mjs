/**
 * `npm run build`: type-checks and emits declarations with tsc, then bundles the JavaScript of
 * every public entry point with esbuild (ESM, code splitting, dependencies external). A handful
 * of files instead of ~150 modules: Node's per-module loading cost dominated the import time.
 * Paths stay as before (dist/index.js, dist/tl/index.js, ...); shared code lives in dist/chunks/.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Output path (without .js) → source entry. Keep in step with package.json `exports` and `bin`. */
const ENTRIES = {
  index: 'src/index.ts',
  'tl/index': 'src/public/tl.ts',
  'crypto/index': 'src/public/crypto.ts',
  'transport/index': 'src/public/transport.ts',
  'testing/index': 'src/testing/index.ts',
  'sessions/index': 'src/public/sessions.ts',
  'storage/postgres/index': 'src/public/postgres.ts',
  'storage/redis/index': 'src/public/redis.ts',
  'cli/entry': 'src/cli/entry.ts',
};

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([out, src]) => [out, join(root, src)])),
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
