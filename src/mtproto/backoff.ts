/**
 * Reconnect delays: exponential growth with "equal jitter" (half fixed, half random) so clients
 * that lost the same server do not come back in lockstep.
 * @module
 */

/** Reconnect policy of a session. */
export interface ReconnectPolicy {
  /** Delay scale of the first retry, ms (default 500). */
  baseDelayMs?: number;
  /** Largest delay, ms (default 30 000). */
  maxDelayMs?: number;
  /** Consecutive failed attempts after which pending calls fail (default 8). */
  maxAttempts?: number;
}

/** Delay before retry `attempt` (0-based). */
export function reconnectDelay(attempt: number, policy: ReconnectPolicy, random: () => number = Math.random): number {
  const base = policy.baseDelayMs ?? 500;
  const max = policy.maxDelayMs ?? 30_000;
  const full = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return full / 2 + (random() * full) / 2;
}
