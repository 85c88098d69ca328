/**
 * Server salt bookkeeping: the current salt plus future salts from `get_future_salts`,
 * switched to as they become valid (https://core.telegram.org/mtproto/service_messages#request-for-several-future-salts).
 * @module
 */
import type { mt } from '../../tl/index.js';

/** One future salt (the fields of `future_salt`). */
export type FutureSalt = Pick<mt.FutureSalt, 'validSince' | 'validUntil' | 'salt'>;

/** Ask for more salts when the known ones run out within this many seconds. */
const REFRESH_MARGIN_SECONDS = 10 * 60;

export class SaltManager {
  private future: FutureSalt[] = [];

  constructor(public current: bigint) {}

  /** Replaces the current salt (bad_server_salt, new_session_created). */
  set(salt: bigint): void {
    this.current = salt;
  }

  /** Stores salts from future_salts (sorted by validity). */
  addFuture(salts: readonly FutureSalt[]): void {
    const byStart = new Map<number, FutureSalt>();
    for (const s of [...this.future, ...salts]) byStart.set(s.validSince, { validSince: s.validSince, validUntil: s.validUntil, salt: s.salt });
    this.future = [...byStart.values()].sort((a, b) => a.validSince - b.validSince);
  }

  /**
   * Moves to the newest salt valid at `serverSeconds`; drops expired ones.
   * Returns true if the current salt changed.
   */
  rotate(serverSeconds: number): boolean {
    this.future = this.future.filter((s) => s.validUntil > serverSeconds);
    let best: FutureSalt | undefined;
    for (const s of this.future) if (s.validSince <= serverSeconds) best = s;
    if (!best || best.salt === this.current) return false;
    this.current = best.salt;
    return true;
  }

  /** True when known salts do not cover the next {@link REFRESH_MARGIN_SECONDS}. */
  needsRefresh(serverSeconds: number): boolean {
    const last = this.future[this.future.length - 1];
    return !last || last.validUntil < serverSeconds + REFRESH_MARGIN_SECONDS;
  }

  /** Number of future salts known. */
  get futureCount(): number {
    return this.future.length;
  }
}
