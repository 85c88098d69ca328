/**
 * Small statistics helpers for benchmark samples.
 * @module
 */

/** The `q`-quantile (0..1) of `samples` by nearest rank; NaN when empty. Does not mutate the input. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median of `samples`. */
export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/** True when a unit is a rate (higher is better). */
export function higherIsBetter(unit: string): boolean {
  return unit.includes('/s');
}

/**
 * How many times better tgts is than a peer: above 1 means tgts wins, whatever the unit's
 * direction (rates divide tgts by peer, costs divide peer by tgts).
 */
export function advantage(unit: string, tgts: number, peer: number): number {
  return higherIsBetter(unit) ? tgts / peer : peer / tgts;
}
