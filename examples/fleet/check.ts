/**
 * The fleet supervisor's verdict on what its workers reported: no message lost, repeats only
 * where a kill made them unavoidable, deliveries in order, one holder per account at a time.
 */

/** One message as a worker's updates engine handed it over. */
export interface Delivery {
  /** The message id in the bot's common box. */
  id: number;
  /** The box position after it (pushed updates carry it; a difference's messages do not). */
  pts: number | null;
  text: string;
  /** The lease generation of the holder that delivered it. */
  generation: number;
  /** `push`, `difference` or `result`. */
  source: string;
  /** The process. */
  by: string;
}

/** A process holding an account, by the workers' clocks: from just after the lease was taken to the release (or the kill). */
export interface Holding {
  account: string;
  generation: number;
  by: string;
  from: number;
  to: number | undefined;
}

export interface FleetCheck {
  /** Human-readable problems; empty when the fleet kept its promises. */
  problems: string[];
  delivered: number;
  /** Deliveries that came from `updates.getDifference` (what was sent while nobody held the account). */
  viaDifference: number;
  /** Deliveries repeated by a new holder because the previous one was killed before saving. */
  repeatedAfterKill: number;
}

export interface FleetFacts {
  accounts: readonly string[];
  /** What the user sent, each to every bot. */
  sent: readonly string[];
  deliveries: ReadonlyMap<string, readonly Delivery[]>;
  holdings: readonly Holding[];
  /** Processes the supervisor killed. */
  killed: ReadonlySet<string>;
}

/**
 * Exactly once is not possible across a kill: a process may hand an update over and die before its
 * position reaches the store, and the next holder then delivers it again. So: every message at
 * least once; twice only if every earlier delivery was by a killed process; never twice by one
 * holder; in id order within a holder.
 */
export function checkFleet(facts: FleetFacts): FleetCheck {
  const problems: string[] = [];
  let delivered = 0;
  let viaDifference = 0;
  let repeatedAfterKill = 0;
  for (const account of facts.accounts) {
    const list = facts.deliveries.get(account) ?? [];
    delivered += list.length;
    viaDifference += list.filter((d) => d.source === 'difference').length;
    const byText = new Map<string, Delivery[]>();
    for (const d of list) byText.set(d.text, [...(byText.get(d.text) ?? []), d]);
    const lost = facts.sent.filter((t) => !byText.has(t));
    if (lost.length > 0) problems.push(`${account}: never got ${lost.join(', ')}`);
    for (const [text, copies] of byText) {
      if (new Set(copies.map((c) => c.id)).size !== 1) problems.push(`${account}: '${text}' came with different ids`);
      const ordered = [...copies].sort((a, b) => a.generation - b.generation);
      for (let i = 0; i < ordered.length - 1; i++) {
        const first = ordered[i]!;
        if (first.generation === ordered[i + 1]!.generation) problems.push(`${account}: '${text}' delivered twice by one holder (${first.by})`);
        else if (!facts.killed.has(first.by)) problems.push(`${account}: '${text}' repeated after a clean hand-over by ${first.by}`);
        else repeatedAfterKill++;
      }
    }
    const generations = new Map<number, Delivery[]>();
    for (const d of list) generations.set(d.generation, [...(generations.get(d.generation) ?? []), d]);
    for (const [generation, ds] of generations) {
      for (let i = 1; i < ds.length; i++) {
        if (ds[i]!.id <= ds[i - 1]!.id) problems.push(`${account}: generation ${generation} delivered ${ds[i]!.id} after ${ds[i - 1]!.id}`);
      }
    }
    const holdings = facts.holdings.filter((h) => h.account === account).sort((a, b) => a.from - b.from);
    for (let i = 1; i < holdings.length; i++) {
      const before = holdings[i - 1]!;
      const after = holdings[i]!;
      if (before.to === undefined || after.from < before.to) problems.push(`${account}: held by ${before.by} and ${after.by} at once`);
    }
  }
  return { problems, delivered, viaDifference, repeatedAfterKill };
}
