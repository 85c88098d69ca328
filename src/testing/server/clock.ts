/**
 * The server's notion of time: an injectable wall clock plus a skew that fault injection can set
 * (to test clients' time-offset correction).
 * @module
 */

/** Wall clock in milliseconds (injectable in tests). */
export interface ServerClock {
  now(): number;
}

/** Clock with an adjustable skew, shared by everything inside one server. */
export class SkewedClock {
  /** Seconds added to the base clock. */
  skewSeconds = 0;

  constructor(private readonly base: ServerClock = { now: () => Date.now() }) {}

  /** Milliseconds, skew included. */
  nowMs(): number {
    return this.base.now() + this.skewSeconds * 1000;
  }

  /** Whole unix seconds, skew included. */
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }
}
