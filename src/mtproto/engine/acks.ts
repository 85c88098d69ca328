/**
 * Batches acknowledgements of incoming content-related messages: they ride along with the
 * next outgoing packet, or go out on their own within `delayMs`, or as soon as the session gets to it
 * when many pile up (the session coalesces that flush with the rest of the current turn).
 * @module
 */
import type { MtprotoClock } from '../clock.js';

/** Most ids in one msgs_ack (and the other id vectors), per the docs. */
export const MAX_IDS_PER_ACK = 8192;

export class AckBatcher {
  private ids: bigint[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param flush asks the session to send soon (it then calls {@link take}).
   * @param delayMs longest an ack waits for a ride.
   * @param maxPending this many waiting acks trigger an immediate flush.
   */
  constructor(
    private readonly clock: MtprotoClock,
    private readonly flush: () => void,
    private readonly delayMs = 100,
    private readonly maxPending = 256,
  ) {}

  get pending(): number {
    return this.ids.length;
  }

  add(msgId: bigint): void {
    this.ids.push(msgId);
    if (this.ids.length >= this.maxPending) {
      this.cancelTimer();
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.delayMs);
    }
  }

  /** Takes up to one msgs_ack worth of ids. */
  take(): bigint[] {
    const out = this.ids.length <= MAX_IDS_PER_ACK ? this.ids : this.ids.slice(0, MAX_IDS_PER_ACK);
    this.ids = this.ids.length <= MAX_IDS_PER_ACK ? [] : this.ids.slice(MAX_IDS_PER_ACK);
    if (this.ids.length === 0) this.cancelTimer();
    return out;
  }

  /** Drops everything (the acks of a lost connection's messages are meaningless after a new session). */
  clear(): void {
    this.ids = [];
    this.cancelTimer();
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
