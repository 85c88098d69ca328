import { throwIfAborted, type Clock } from '../clock.js';
import { BadArgumentError, CancelledError, TimeoutError } from '../errors.js';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
  /** Ends the deadline wait (only set when the caller has a deadline). */
  stopDeadline: AbortController | undefined;
}

// Tolerates float rounding in the refill arithmetic.
const EPSILON = 1e-9;

/**
 * A token bucket with a FIFO queue: callers get tokens strictly in arrival order, so a
 * steady stream of new callers cannot starve an earlier one. Holds at most one timer, and
 * none while nobody waits.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly queue: Waiter[] = [];
  private wake: AbortController | undefined;

  /**
   * @param ratePerSecond - tokens added per second (> 0).
   * @param burst - bucket size: how many calls may pass at once after idling (≥ 1).
   */
  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new BadArgumentError('ratePerSecond', 'must be a finite number > 0');
    }
    if (!(burst >= 1) || !Number.isFinite(burst)) throw new BadArgumentError('burst', 'must be a finite number ≥ 1');
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Callers currently waiting for a token. */
  get waiting(): number {
    return this.queue.length;
  }

  /** True while a wake-up timer is armed (only when someone waits). */
  get timerArmed(): boolean {
    return this.wake !== undefined;
  }

  /**
   * Resolves when the caller may proceed; rejects with `CancelledError` if `signal` fires first,
   * or with `TimeoutError` if `deadline` (clock ms) passes first. Either frees the place in line.
   */
  acquire(signal?: AbortSignal, deadline?: number): Promise<void> {
    try {
      throwIfAborted(signal);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.queue.length === 0) {
      this.refill();
      if (this.tokens >= 1 - EPSILON) {
        this.tokens -= 1;
        return Promise.resolve();
      }
    }
    if (deadline !== undefined && deadline <= this.clock.now()) return Promise.reject(new TimeoutError('ran out of time waiting for the rate limit'));
    return new Promise<void>((resolve, reject) => {
      const leave = (error: unknown): void => {
        const index = this.queue.indexOf(waiter);
        if (index < 0) return;
        this.queue.splice(index, 1);
        if (this.queue.length === 0) this.cancelWake();
        signal?.removeEventListener('abort', waiter.onAbort);
        waiter.stopDeadline?.abort();
        reject(error);
      };
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => leave(CancelledError.fromSignal(signal!)),
        stopDeadline: deadline === undefined ? undefined : new AbortController(),
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      if (waiter.stopDeadline) {
        this.clock.sleep(deadline! - this.clock.now(), waiter.stopDeadline.signal).then(
          () => leave(new TimeoutError('ran out of time waiting for the rate limit')),
          () => undefined,
        );
      }
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Drops the wake-up timer; cleared synchronously so a caller arriving next re-arms it. */
  private cancelWake(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.abort();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
    this.last = now;
  }

  private schedule(): void {
    if (this.wake || this.queue.length === 0) return;
    this.refill();
    const missing = 1 - this.tokens;
    const delay = missing <= EPSILON ? 0 : Math.ceil((missing * 1000) / this.ratePerSecond);
    const wake = new AbortController();
    this.wake = wake;
    this.clock.sleep(delay, wake.signal).then(
      () => {
        this.wake = undefined;
        this.drain();
        this.schedule();
      },
      () => {
        if (this.wake === wake) this.wake = undefined;
      },
    );
  }

  private drain(): void {
    this.refill();
    while (this.queue.length > 0 && this.tokens >= 1 - EPSILON) {
      this.tokens -= 1;
      const waiter = this.queue.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.stopDeadline?.abort();
      waiter.resolve();
    }
  }
}
