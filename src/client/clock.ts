/**
 * Time helpers for the client layer: an injectable {@link Clock}, abortable {@link sleep},
 * exponential backoff with jitter, and a {@link ManualClock} for tests that must not wait.
 *
 * @module
 */
import { BadArgumentError, CancelledError } from './errors.js';
import { reconnectDelay } from '../mtproto/backoff.js';

/** Source of time and delays; injected so tests can run without real waiting. */
export interface Clock {
  /** Current time in milliseconds (only differences matter). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds. If `signal` fires first, rejects at once with a
   * {@link CancelledError} and leaves no timer behind.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Throws {@link CancelledError} when `signal` has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw CancelledError.fromSignal(signal);
}

/**
 * Resolves after `ms` milliseconds of real time; rejects with {@link CancelledError} as soon as
 * `signal` fires (clearing the timer). Never keeps a timer or listener alive after settling.
 * With `unref`, the timer does not keep the process running either (for cosmetic waits).
 */
export function sleep(ms: number, signal?: AbortSignal, unref = false): Promise<void> {
  if (signal?.aborted) return Promise.reject(CancelledError.fromSignal(signal));
  // setTimeout fires at once for delays above 2^31-1 ms: wait in chunks instead
  if (ms > MAX_TIMER_MS) return sleep(MAX_TIMER_MS, signal, unref).then(() => sleep(ms - MAX_TIMER_MS, signal, unref));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(CancelledError.fromSignal(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    if (unref) (timer as { unref?: () => void }).unref?.();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The real clock: `Date.now()` and {@link sleep}. */
export const systemClock: Clock = { now: () => Date.now(), sleep };

/** Options of {@link backoffDelay}. */
export interface BackoffOptions {
  /** Delay scale of the first retry, ms. */
  baseMs: number;
  /** Upper bound of any delay, ms. Default 30 000. */
  maxMs?: number;
  /** Random source in [0, 1); injectable for deterministic tests. Default `Math.random`. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (0-based): exponential growth `baseMs · 2^attempt`,
 * capped at `maxMs`, with "equal jitter" (a uniform value between half and all of it) so
 * many clients that failed together do not retry in lockstep.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const { baseMs, maxMs = 30_000, random = Math.random } = options;
  if (!Number.isInteger(attempt) || attempt < 0) throw new BadArgumentError('attempt', 'must be a non-negative integer');
  if (!(baseMs >= 0) || !Number.isFinite(baseMs)) throw new BadArgumentError('baseMs', 'must be a finite number ≥ 0');
  // The same curve the MTProto session uses between reconnects.
  return reconnectDelay(attempt, { baseDelayMs: baseMs, maxDelayMs: maxMs }, random);
}

interface ManualTimer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock that only moves when told to. `sleep` registers a timer; {@link ManualClock.advance}
 * moves time forward and fires due timers in order. For tests.
 */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private timers: ManualTimer[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  /** Number of sleeps waiting for time to advance. */
  get pending(): number {
    return this.timers.length;
  }

  /** Durations requested so far by `sleep`, in call order (handy for asserting backoff). */
  readonly sleeps: number[] = [];

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(CancelledError.fromSignal(signal));
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      const timer: ManualTimer = {
        at: this.time + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(CancelledError.fromSignal(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due, in order, and letting
   * promise callbacks run after each one (so code that sleeps again in a loop is served
   * within the same call).
   */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.timers
        .filter((t) => t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.resolve();
    }
    this.time = target;
    await flushMicrotasks();
  }

  /** Advances exactly to the earliest pending timer (no-op when none). */
  async next(): Promise<void> {
    await flushMicrotasks();
    const first = this.timers.reduce<ManualTimer | undefined>((m, t) => (!m || t.at < m.at ? t : m), undefined);
    if (first) await this.advance(first.at - this.time);
  }
}

/** Lets queued promise callbacks (and chains of them) run. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
