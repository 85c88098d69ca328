/**
 * Time source of a session, injectable so tests can drive timers without waiting.
 * @module
 */

/** Wall clock and timers used by {@link MtprotoSession}. */
export interface MtprotoClock {
  /** Current time, ms since the epoch. */
  now(): number;
  setTimeout: typeof setTimeout;
  clearTimeout: typeof clearTimeout;
}

/** The real clock. */
export const systemClock: MtprotoClock = {
  now: () => Date.now(),
  setTimeout: ((fn: () => void, ms?: number) => setTimeout(fn, ms)) as typeof setTimeout,
  clearTimeout: ((t: ReturnType<typeof setTimeout>) => clearTimeout(t)) as typeof clearTimeout,
};

/** Minimal logger accepted by the session. */
export interface MtprotoLogger {
  debug(...args: unknown[]): void;
  warn(...args: unknown[]): void;
}
