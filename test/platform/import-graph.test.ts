/**
 * The core (`tl`, `crypto`, `mtproto`, `client`, `storage` contract) reaches the machine only
 * through `src/platform`: bundling a core module pulls in no `node:` module, and nothing of
 * `platform/node/`. Entry points (`src/index.ts`, `src/public/*`) install the Node platform.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** esbuild's metafile of `entry` bundled with the host and optional modules left external. */
async function metafile(entry: string) {
  const file = fileURLToPath(new URL(`../../src/${entry}`, import.meta.url));
  const r = await build({ entryPoints: [file], bundle: true, write: false, platform: 'neutral', format: 'esm', metafile: true, logLevel: 'silent', external: ['node:*', 'ws', 'better-sqlite3', 'pg', 'ioredis'] });
  return r.metafile;
}

async function graph(entry: string): Promise<{ inputs: string[]; external: string[] }> {
  const m = await metafile(entry);
  const inputs = Object.keys(m.inputs);
  const external = Object.values(m.inputs).flatMap((i) => i.imports.filter((x) => x.external).map((x) => x.path));
  return { inputs, external: [...new Set(external)] };
}

/** The external modules `entry` loads before any `import()` runs (static imports only, transitively). */
async function staticExternals(entry: string): Promise<string[]> {
  const { inputs } = await metafile(entry);
  const start = Object.keys(inputs).find((p) => p.endsWith(`src/${entry}`))!;
  const seen = new Set([start]);
  const out = new Set<string>();
  for (const at of seen) {
    for (const i of inputs[at]!.imports) {
      if (i.kind === 'dynamic-import') continue;
      if (i.external) out.add(i.path);
      else seen.add(i.path);
    }
  }
  return [...out];
}

const CORE = [
  'tl/index.ts', 'crypto/index.ts', 'mtproto/index.ts', 'client/client.ts', 'client/index.ts', 'storage/types.ts', 'storage/memory.ts',
  'storage/session/index.ts', 'storage/postgres/index.ts', 'storage/redis/index.ts',
];

for (const entry of CORE) {
  test(`${entry}: no node: module and no platform/node in its import graph`, async () => {
    const { inputs, external } = await graph(entry);
    assert.deepEqual(external.filter((m) => m.startsWith('node:') || m === 'ws'), [], `${entry} imports host modules`);
    assert.deepEqual(inputs.filter((p) => p.includes('platform/node/')), [], `${entry} imports the Node platform`);
  });
}

test('the public entry points install the Node platform', async () => {
  for (const entry of ['index.ts', 'public/tl.ts', 'public/crypto.ts', 'public/transport.ts', 'public/sessions.ts', 'public/postgres.ts', 'public/redis.ts', 'testing/index.ts', 'cli/entry.ts']) {
    const { inputs } = await graph(entry);
    assert.ok(inputs.some((p) => p.endsWith('platform/node/install.ts')), `${entry} does not install the platform`);
  }
});

test('the optional peer dependencies stay behind their own entry points', async () => {
  for (const entry of ['index.ts', 'public/sessions.ts', 'testing/index.ts']) {
    const { external } = await graph(entry);
    assert.deepEqual(external.filter((m) => m === 'pg' || m === 'ioredis'), [], `${entry} imports pg or ioredis`);
  }
  // the CLI reaches the PostgreSQL and Redis storages only through import(), when a URL asks for them
  assert.deepEqual((await staticExternals('cli/entry.ts')).filter((m) => m === 'pg' || m === 'ioredis'), [], 'cli/entry.ts loads pg or ioredis at start-up');
  assert.ok((await graph('cli/entry.ts')).external.includes('pg'), 'the CLI can still reach the PostgreSQL storage');
  assert.ok((await graph('public/postgres.ts')).external.includes('pg'));
  assert.ok((await graph('public/redis.ts')).external.includes('ioredis'));
});
