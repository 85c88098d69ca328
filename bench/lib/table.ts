/**
 * Markdown rendering of benchmark rows: one table per area, with peer columns and a
 * "tgts advantage" ratio (> 1 = tgts better) where a peer figure exists.
 * @module
 */
import { advantage } from './stats.js';
import type { BenchRow } from './types.js';

/** Formats a figure with precision that suits its magnitude. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

function cell(v: number | string | undefined): string {
  if (v === undefined) return '—';
  return typeof v === 'number' ? formatNumber(v) : v;
}

function ratio(row: BenchRow, peer: number | string | undefined): string {
  if (typeof peer !== 'number' || !(row.value > 0) || !(peer > 0)) return '—';
  return `${advantage(row.unit, row.value, peer).toFixed(2)}×`;
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** One Markdown table for `rows`; peer and target columns appear only when some row uses them. */
export function markdownTable(rows: readonly BenchRow[]): string {
  if (rows.length === 0) return '_no rows_';
  const hasMtcute = rows.some((r) => r.mtcute !== undefined);
  const hasGram = rows.some((r) => r.gramjs !== undefined);
  const hasTarget = rows.some((r) => r.target !== undefined);
  const head = ['benchmark', 'tgts'];
  const align = ['---', '---:'];
  if (hasMtcute) head.push('mtcute', 'vs mtcute'), align.push('---:', '---:');
  if (hasGram) head.push('GramJS', 'vs GramJS'), align.push('---:', '---:');
  head.push('unit');
  align.push('---');
  if (hasTarget) head.push('target', 'met'), align.push('---', '---');
  head.push('note');
  align.push('---');
  const lines = [`| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`];
  for (const r of rows) {
    const cells = [escape(r.name), cell(r.value)];
    if (hasMtcute) cells.push(escape(cell(r.mtcute)), ratio(r, r.mtcute));
    if (hasGram) cells.push(escape(cell(r.gramjs)), ratio(r, r.gramjs));
    cells.push(r.unit);
    if (hasTarget) cells.push(escape(r.target ?? ''), r.met === undefined ? '' : r.met ? 'met' : '**not met**');
    cells.push(escape(r.note ?? ''));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('', hasMtcute || hasGram ? '_vs columns: how many times better tgts is (> 1 = tgts better)._' : '');
  return lines.join('\n').trimEnd();
}
