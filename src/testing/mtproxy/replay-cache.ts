/**
 * Bounded memory of what clients already sent (ClientHello randoms, obfuscated2 inits), so a
 * recorded handshake replayed by a prober is refused. Oldest entries go first, by age or count.
 * @module
 */
import { toHex } from '../../encoding.js';

/** A set of byte strings with a time to live (seconds) and a size bound. */
export class ReplayCache {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly maxEntries: number,
  ) {}

  /** Records `key` at `now` (unix s); true when it was already there (a replay). */
  checkAndAdd(key: Uint8Array, now: number): boolean {
    this.expire(now);
    const k = toHex(key);
    if (this.seen.has(k)) return true;
    this.seen.set(k, now);
    if (this.seen.size > this.maxEntries) this.seen.delete(this.seen.keys().next().value as string);
    return false;
  }

  get size(): number {
    return this.seen.size;
  }

  private expire(now: number): void {
    for (const [k, at] of this.seen) {
      if (at > now - this.ttlSeconds) return;
      this.seen.delete(k);
    }
  }
}
