/**
 * Channels waiting for a difference, served with bounded concurrency: at most `limit` channel differences
 * run at once, the rest wait in arrival order (a channel queued twice waits once). No timer or task per
 * channel: 10 000 channels needing a catch-up are 10 000 set entries and `limit` requests in flight.
 *
 * @module
 */

/** A FIFO of channel ids with a cap on how many run at once. */
export class ChannelQueue {
  private readonly waiting = new Set<number>();
  private running = 0;

  constructor(
    private readonly limit: number,
    private readonly run: (channelId: number) => Promise<void>,
    private readonly onSettled: () => void,
  ) {}

  /** Queues `channelId` (no-op when already waiting) and starts what the cap allows. */
  add(channelId: number): void {
    this.waiting.add(channelId);
    this.pump();
  }

  /** Channels waiting or running. */
  get size(): number {
    return this.waiting.size + this.running;
  }

  /** Forgets the waiting channels (the engine closes). */
  clear(): void {
    this.waiting.clear();
  }

  private pump(): void {
    while (this.running < this.limit && this.waiting.size > 0) {
      const id = this.waiting.values().next().value as number;
      this.waiting.delete(id);
      this.running++;
      void this.run(id).finally(() => {
        this.running--;
        this.pump();
        this.onSettled();
      });
    }
  }
}
