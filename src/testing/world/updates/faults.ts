/**
 * Fault hooks of the updates area (tests only), reachable as `world.updateFaults` and `server.faults.updates`.
 * They disturb pushed updates only — method results and differences stay exact, so a correct client recovers:
 * drop a seeded fraction, duplicate, reorder, merge into `updatesCombined`, replace by `updatesTooLong`,
 * delay a channel's pushes, force `differenceTooLong` / `channelDifferenceTooLong`.
 * @module
 */
import { seededRandom } from '../../server/seeded-random.js';

/** Restricts a hook to one account (default: every account). */
export interface FaultTarget {
  userId?: number;
}

/** Counters of what the hooks did (tests assert them). */
export interface UpdateFaultStats {
  dropped: number;
  duplicated: number;
  reordered: number;
  combined: number;
  tooLong: number;
  delayed: number;
}

interface DropRule extends FaultTarget {
  fraction: number;
  draw: () => number;
}

/** Fault hooks of pushed updates. Every hook is off until called; {@link reset} turns all off. */
export class UpdateFaults {
  /** @internal */ drop: DropRule | undefined;
  /** @internal */ duplicateFor: FaultTarget | undefined;
  /** @internal */ reorderFor: (FaultTarget & { holdMs: number }) | undefined;
  /** @internal */ combineFor: FaultTarget | undefined;
  /** @internal Pushes to replace by `updatesTooLong`, per account. */
  readonly tooLong = new Map<number, number>();
  /** @internal `getDifference` answers to force to `differenceTooLong`, per account. */
  readonly differenceTooLong = new Map<number, number>();
  /** @internal `getChannelDifference` answers to force to `channelDifferenceTooLong`, per channel. */
  readonly channelTooLong = new Map<number, number>();
  /** @internal Delay per channel, ms (Infinity: held until {@link releaseChannel}). */
  readonly channelDelays = new Map<number, number>();
  /** @internal Called by {@link releaseChannel} / {@link reset} to flush held pushes. */
  onRelease: ((channelId: number | undefined) => void) | undefined;
  readonly stats: UpdateFaultStats = { dropped: 0, duplicated: 0, reordered: 0, combined: 0, tooLong: 0, delayed: 0 };

  /** Drops `fraction` (0..1) of the pushes, drawn from a PRNG seeded with `seed` (default 1). */
  dropFraction(fraction: number, options: FaultTarget & { seed?: number } = {}): void {
    if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction must be within 0..1, got ${fraction}`);
    const draw = seededRandom(options.seed ?? 1);
    this.drop = { fraction, draw, ...(options.userId !== undefined ? { userId: options.userId } : {}) };
  }

  /** Sends every push twice (different msg_ids: only pts/seq tell them apart). */
  duplicate(enabled = true, target: FaultTarget = {}): void {
    this.duplicateFor = enabled ? target : undefined;
  }

  /** Swaps pushes pairwise per account; a push with no successor leaves after `holdMs` (default 50 ms). */
  reorder(enabled = true, options: FaultTarget & { holdMs?: number } = {}): void {
    this.reorderFor = enabled ? { ...options, holdMs: options.holdMs ?? 50 } : undefined;
  }

  /** Merges the pushes of one call per account into one `updatesCombined` (or `updatesTooLong` past 200 KB). */
  combine(enabled = true, target: FaultTarget = {}): void {
    this.combineFor = enabled ? target : undefined;
  }

  /** Replaces the next `times` pushes to `userId` by `updatesTooLong`. */
  updatesTooLong(userId: number, times = 1): void {
    this.tooLong.set(userId, (this.tooLong.get(userId) ?? 0) + times);
  }

  /** The next `times` `updates.getDifference` calls of `userId` answer `differenceTooLong`. */
  forceDifferenceTooLong(userId: number, times = 1): void {
    this.differenceTooLong.set(userId, (this.differenceTooLong.get(userId) ?? 0) + times);
  }

  /** The next `times` `updates.getChannelDifference` calls for `channelId` answer `channelDifferenceTooLong`. */
  forceChannelDifferenceTooLong(channelId: number, times = 1): void {
    this.channelTooLong.set(channelId, (this.channelTooLong.get(channelId) ?? 0) + times);
  }

  /** Holds pushes carrying `channelId`'s updates `ms` ms (`Infinity`: until {@link releaseChannel}); 0 turns it off. */
  delayChannel(channelId: number, ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`delay must be >= 0, got ${ms}`);
    if (ms === 0) this.releaseChannel(channelId);
    else this.channelDelays.set(channelId, ms);
  }

  /** Ends the delay of a channel and sends what it held, in order. */
  releaseChannel(channelId: number): void {
    this.channelDelays.delete(channelId);
    this.onRelease?.(channelId);
  }

  /** Turns every hook off (held pushes are sent). */
  reset(): void {
    this.drop = undefined;
    this.duplicateFor = undefined;
    this.reorderFor = undefined;
    this.combineFor = undefined;
    this.tooLong.clear();
    this.differenceTooLong.clear();
    this.channelTooLong.clear();
    this.channelDelays.clear();
    this.onRelease?.(undefined);
  }

  /** @internal Consumes one use of a per-key counter. */
  take(map: Map<number, number>, key: number): boolean {
    const n = map.get(key) ?? 0;
    if (n <= 0) return false;
    if (n === 1) map.delete(key);
    else map.set(key, n - 1);
    return true;
  }
}

/** True when a hook set for `target` applies to `userId`. */
export function applies(target: FaultTarget | undefined, userId: number): boolean {
  return target !== undefined && (target.userId === undefined || target.userId === userId);
}
