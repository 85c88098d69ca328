/**
 * Bounded replay protection for incoming msg_ids (https://core.telegram.org/mtproto/security_guidelines).
 * @module
 */

/**
 * Remembers the last `capacity` msg_ids in a ring buffer backed by a Set.
 * Once an id is evicted, every id not above the largest evicted one is reported as seen:
 * we can no longer tell it apart from a replay, so it is refused.
 */
export class SeenMessageIds {
  readonly capacity: number;
  private readonly ring: bigint[];
  private readonly set = new Set<bigint>();
  private head = 0;
  private evictedMax = -(2n ** 63n);

  constructor(capacity = 2000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.ring = new Array<bigint>(capacity);
  }

  /** True if `msgId` was seen, or is too old to tell (not above the largest evicted id). */
  has(msgId: bigint): boolean {
    return this.set.has(msgId) || msgId <= this.evictedMax;
  }

  /** Records `msgId` (evicting the oldest one when full). Adding a known id is a no-op. */
  add(msgId: bigint): void {
    if (this.set.has(msgId)) return;
    if (this.set.size >= this.capacity) {
      const old = this.ring[this.head]!;
      this.set.delete(old);
      if (old > this.evictedMax) this.evictedMax = old;
    }
    this.ring[this.head] = msgId;
    this.head = (this.head + 1) % this.capacity;
    this.set.add(msgId);
  }

  /** Number of ids currently remembered. */
  get size(): number {
    return this.set.size;
  }

  /** Forgets everything (new auth key or session). */
  clear(): void {
    this.set.clear();
    this.head = 0;
    this.evictedMax = -(2n ** 63n);
  }
}
