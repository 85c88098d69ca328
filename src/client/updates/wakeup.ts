/**
 * The engine's only timer. Every deadline (held gaps of any box, the coalesced state write, the idle
 * difference) asks for a wake-up at some time; one platform timer is armed for the earliest, and on firing
 * the engine looks at what is due. 10 000 channels with gaps still mean one timer.
 *
 * @module
 */

/** Time source and timers (the platform clock, or a manual one in tests). */
export interface EngineClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** One re-armable timer for the earliest requested time. */
export class Wakeup {
  private handle: unknown;
  private at = Infinity;
  private stopped = false;

  constructor(
    private readonly clock: EngineClock,
    private readonly fire: () => void,
  ) {}

  /** Makes sure the engine wakes at `time` (platform ms) or earlier. */
  request(time: number): void {
    if (this.stopped || time >= this.at) return;
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.at = time;
    const handle = this.clock.setTimeout(
      () => {
        this.handle = undefined;
        this.at = Infinity;
        this.fire();
      },
      Math.max(0, time - this.clock.now()),
    );
    // never keep a process alive for a wake-up alone
    (handle as { unref?: () => void } | null)?.unref?.();
    this.handle = handle;
  }

  /** Cancels the timer for good. */
  stop(): void {
    this.stopped = true;
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
