/**
 * Brings rows of every area to one shape. Areas written by other helpers report peers as separate
 * rows named `<benchmark>: <implementation>`; those are folded into the tgts rows' `mtcute` /
 * `gramjs` columns so each area prints one side-by-side table.
 * @module
 */
import type { BenchRow } from './types.js';

type Peer = 'mtcute' | 'gramjs';

function peerOf(impl: string): Peer | undefined {
  const s = impl.toLowerCase();
  if (s.includes('mtcute')) return 'mtcute';
  if (s.includes('gramjs')) return 'gramjs';
  return undefined;
}

function split(name: string): { base: string; impl: string } {
  const i = name.lastIndexOf(': ');
  return i < 0 ? { base: name, impl: '' } : { base: name.slice(0, i), impl: name.slice(i + 2) };
}

/** Checks a value read from a child process is a row; returns a clean copy or undefined. */
export function asRow(v: unknown): BenchRow | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r.name !== 'string' || typeof r.value !== 'number' || typeof r.unit !== 'string') return undefined;
  const row: BenchRow = { name: r.name, value: r.value, unit: r.unit };
  if (typeof r.note === 'string' && r.note !== '') row.note = r.note;
  for (const k of ['mtcute', 'gramjs'] as const) {
    const p = r[k];
    if (typeof p === 'number' || typeof p === 'string') row[k] = p;
  }
  if (typeof r.target === 'string') row.target = r.target;
  if (typeof r.met === 'boolean') row.met = r.met;
  return row;
}

/** Folds `<bench>: mtcute …` / `<bench>: GramJS …` rows into their tgts siblings (same unit). */
export function foldPeerRows(rows: readonly BenchRow[]): BenchRow[] {
  const peers = new Map<string, Partial<Record<Peer, BenchRow>>>();
  for (const r of rows) {
    const { base, impl } = split(r.name);
    const p = peerOf(impl);
    if (!p) continue;
    const entry = peers.get(base) ?? {};
    entry[p] = r;
    peers.set(base, entry);
  }
  const out: BenchRow[] = [];
  const used = new Set<BenchRow>();
  for (const r of rows) {
    const { base, impl } = split(r.name);
    if (peerOf(impl)) continue;
    const row = { ...r };
    for (const [base2, entry] of [[base, peers.get(base)], [r.name, peers.get(r.name)]] as const) {
      void base2;
      if (!entry) continue;
      for (const p of ['mtcute', 'gramjs'] as const) {
        const peer = entry[p];
        if (peer && peer.unit === r.unit && row[p] === undefined) {
          row[p] = peer.value;
          used.add(peer);
        }
      }
    }
    out.push(row);
  }
  // Peer rows with no tgts sibling stay visible as they were.
  for (const r of rows) if (peerOf(split(r.name).impl) && !used.has(r)) out.push(r);
  return out;
}
