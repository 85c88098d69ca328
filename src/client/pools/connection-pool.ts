/**
 * The connections of one (DC, kind): up to `size` of them, opened as calls need them (a new one
 * only when every open one is busy), each call sent on the least busy one.
 *
 * @module
 */
import type { PoolKind } from '../invoke/types.js';
import type { DcConnection } from './dc-connection.js';

export class ConnectionPool {
  private connections: DcConnection[] = [];
  /** The connection being opened (so concurrent calls wait for it instead of opening their own). */
  opening: Promise<DcConnection> | undefined;

  constructor(
    readonly dcId: number,
    readonly kind: PoolKind,
    readonly size: number,
  ) {}

  /** The connection for the next call, or undefined when the pool should open one first. */
  pick(): DcConnection | undefined {
    const list = this.connections;
    const first = list[0];
    if (list.length === 1 && (this.size === 1 || first!.pending === 0)) return first;
    let best: DcConnection | undefined;
    for (const c of list) if (!best || c.pending < best.pending) best = c;
    if (!best || (best.pending > 0 && list.length < this.size)) return undefined;
    return best;
  }

  /** The least busy open connection, even when the pool could grow (a growth that failed). */
  any(): DcConnection | undefined {
    let best: DcConnection | undefined;
    for (const c of this.connections) if (!best || c.pending < best.pending) best = c;
    return best;
  }

  add(connection: DcConnection): void {
    this.connections.push(connection);
  }

  get count(): number {
    return this.connections.length;
  }

  /** True when no call is in flight and none went through since `since` (clock ms). */
  idleSince(since: number): boolean {
    return this.opening === undefined && this.connections.every((c) => c.pending === 0 && c.lastUsed <= since);
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    const list = this.connections;
    this.connections = [];
    await Promise.allSettled(list.map((c) => c.close()));
  }
}
