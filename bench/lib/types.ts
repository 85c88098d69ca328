/**
 * Shapes shared by the benchmark areas and the runner (`bench/run.ts`).
 * @module
 */

/**
 * One measured figure. Areas written by other helpers return only `name`, `value`, `unit` and
 * `note`; the comparison fields are optional and filled where a peer did the same work.
 */
export interface BenchRow {
  /** What was measured. */
  name: string;
  /** tgts' figure. */
  value: number;
  /** Unit of `value` (and of `mtcute` / `gramjs`). `…/s` units are higher-is-better, others lower. */
  unit: string;
  note?: string;
  /** mtcute's figure for the same work, or why there is none ("not comparable: …"). */
  mtcute?: number | string;
  /** GramJS' figure for the same work, when measured. */
  gramjs?: number | string;
  /** Target as text, e.g. "≤ 100 KB". */
  target?: string;
  /** Whether tgts met `target`. */
  met?: boolean;
}

/** Outcome of one area in one run of `npm run bench`. */
export interface AreaResult {
  area: string;
  ok: boolean;
  durationMs: number;
  rows: BenchRow[];
  /** Why the area failed or was skipped. */
  error?: string;
}

/** Whole JSON report written to `bench/results/<timestamp>.json`. */
export interface BenchReport {
  startedAt: string;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  areas: AreaResult[];
}
