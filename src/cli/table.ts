/** Plain-text tables for human output (`--json` is for scripts). */

/** Renders rows under a header, columns padded to the widest cell; empty cells show as `-`. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === '' ? '-' : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  return cells
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - [...c].length))).join('  '))
    .join('\n');
}

/** `2025-01-31 12:00 UTC` for a unix time; empty for 0/undefined. */
export function formatDate(unix: number | undefined): string {
  if (!unix) return '';
  return `${new Date(unix * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
