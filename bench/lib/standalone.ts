/**
 * Lets an area file run on its own: `node --import tsx bench/<area>.ts` prints a Markdown table,
 * `… --json` prints the rows as JSON after a marker line (what `bench/run.ts` reads).
 * @module
 */
import '../../src/platform/node/install.js';
import { pathToFileURL } from 'node:url';
import { markdownTable } from './table.js';
import type { BenchRow } from './types.js';

/** Line that precedes the JSON rows on stdout (areas may print other text before it). */
export const JSON_MARKER = '@@tgts-bench-json@@';

/** Prints `rows` as the runner expects them. */
export function printJsonRows(rows: readonly BenchRow[]): void {
  process.stdout.write(`\n${JSON_MARKER}\n${JSON.stringify(rows)}\n`);
}

/** Runs `run` when the module at `moduleUrl` is the process entry point. */
export async function runIfMain(moduleUrl: string, run: () => Promise<BenchRow[]>): Promise<void> {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  const rows = await run();
  if (process.argv.includes('--json')) printJsonRows(rows);
  else console.log(markdownTable(rows));
}
