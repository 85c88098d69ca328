/**
 * Child-process entry of `bench/run.ts`: `node --import tsx bench/lib/child.ts <area>` imports
 * `bench/<area>.ts`, awaits its `run()` and prints the rows as JSON after a marker line. Wrapping
 * lets every area (including ones that only print tables when run directly) be read the same way.
 * @module
 */
import '../../src/platform/node/install.js';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { printJsonRows } from './standalone.js';
import type { BenchRow } from './types.js';

const area = process.argv[2];
if (!area || !/^[a-z0-9-]+$/.test(area)) {
  console.error(`usage: child.ts <area>, got ${String(area)}`);
  process.exit(2);
}
const file = join(import.meta.dirname, '..', `${area}.ts`);
const mod = (await import(pathToFileURL(file).href)) as { run?: () => Promise<BenchRow[]> };
if (typeof mod.run !== 'function') {
  console.error(`bench/${area}.ts exports no run() function`);
  process.exit(2);
}
const rows = await mod.run();
printJsonRows(rows);
// Some peers leave timers behind; the rows are out, the process has nothing more to do.
process.exit(0);
