/**
 * Keeps one account's lease: acquires it, renews it in the background (one timer per storage,
 * never keeping the process alive), releases it, and decides when it is lost.
 *
 * Safety rests on two rules. The database judges expiry with its own clock and every write checks
 * the token in the same atomic step as the write (fencing), so a process that lost the lease
 * cannot change the account's state whatever its own clock says. And the keeper gives the lease
 * up on its own before the database could hand it to someone else: it counts the lease's life
 * from the moment it *sent* the last successful renewal (the database's expiry is later than
 * that), and declares it lost half a renewal period before that life ends.
 *
 * @module
 */
import { randomBytes } from '../../crypto/index.js';
import { toHex } from '../../encoding.js';
import { BadArgumentError, ClosedError, LeaseLostError, SessionInUseError } from '../../errors.js';
import { platform } from '../../platform/current.js';
import { DEFAULT_LEASE_TTL_MS, type LeaseBackend, type LeaseOptions } from './types.js';

const MIN_TTL_MS = 100;

function defaultHolder(): string {
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid;
  return pid === undefined ? 'unknown process' : `pid ${pid}`;
}

export class LeaseKeeper {
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  readonly holder: string;
  /** Generation of the current acquisition (see {@link AcquireResult}). */
  generation: number | undefined;
  private token: string | undefined;
  private lost: LeaseLostError | undefined;
  /** Monotonic ms until which the lease is surely ours. */
  private validUntil = 0;
  private nextRenewAt = 0;
  private renewing = false;
  private timer: unknown;
  private readonly listeners = new Set<(error: LeaseLostError) => void>();

  constructor(
    private readonly backend: LeaseBackend,
    readonly account: string,
    options: LeaseOptions = {},
  ) {
    this.ttlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    if (!Number.isInteger(this.ttlMs) || this.ttlMs < MIN_TTL_MS) throw new BadArgumentError('leaseTtlMs', `must be an integer of at least ${MIN_TTL_MS} ms`);
    this.renewEveryMs = options.renewEveryMs ?? Math.floor(this.ttlMs / 3);
    if (!Number.isInteger(this.renewEveryMs) || this.renewEveryMs < 10 || this.renewEveryMs > this.ttlMs / 2) {
      throw new BadArgumentError('renewEveryMs', 'must be an integer from 10 ms to half of leaseTtlMs');
    }
    this.holder = options.holder ?? defaultHolder();
  }

  /** Takes the lease or throws {@link SessionInUseError}. */
  async acquire(): Promise<void> {
    const token = toHex(randomBytes(16));
    const sent = performance.now();
    const result = await this.backend.acquire(token, this.holder, this.ttlMs);
    if (!result.acquired) throw new SessionInUseError(this.account, result.holder, result.expiresAt);
    this.token = token;
    this.lost = undefined;
    this.generation = result.generation;
    this.validUntil = sent + this.ttlMs;
    this.schedule(performance.now() + this.renewEveryMs);
  }

  /** The token every write must carry; throws the loss, or `ClosedError` when not held. */
  current(): string {
    if (this.lost) throw this.lost;
    if (this.token === undefined) throw new ClosedError(`storage of account ${this.account} is not open`);
    return this.token;
  }

  /** A write found its token rejected: the lease is lost. Returns the error to throw. */
  fenced(): LeaseLostError {
    return this.lose('taken');
  }

  /** Stops renewing and frees the lease (if it is still ours). Never throws: an unreleased lease expires. */
  async release(): Promise<void> {
    this.stopTimer();
    const token = this.token;
    const wasLost = this.lost !== undefined;
    this.token = undefined;
    this.lost = undefined;
    this.generation = undefined;
    if (token !== undefined && !wasLost) await this.backend.release(token).catch(() => undefined);
  }

  onLost(listener: (error: LeaseLostError) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** When the keeper gives up on its own: half a renewal period before the lease's surely-ours end. */
  private get loseAt(): number {
    return this.validUntil - this.renewEveryMs / 2;
  }

  private schedule(renewAt: number): void {
    this.stopTimer();
    this.nextRenewAt = renewAt;
    const at = this.renewing ? this.loseAt : Math.min(renewAt, this.loseAt);
    const clock = platform().clock;
    this.timer = clock.setTimeout(() => this.tick(), Math.max(0, at - performance.now()));
    (this.timer as { unref?: () => void }).unref?.();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) platform().clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.timer = undefined;
    if (this.token === undefined || this.lost) return;
    const now = performance.now();
    if (now >= this.loseAt) this.lose('expired');
    else if (!this.renewing && now >= this.nextRenewAt - 1) void this.renew(this.token);
    else this.schedule(this.nextRenewAt);
  }

  private async renew(token: string): Promise<void> {
    this.renewing = true;
    this.schedule(this.nextRenewAt); // while the renewal is out, only the give-up point is armed
    const sent = performance.now();
    let renewed: boolean | undefined;
    try {
      renewed = await this.backend.renew(token, this.ttlMs);
    } catch {
      renewed = undefined; // database out of reach: try again soon, give up at loseAt
    }
    this.renewing = false;
    if (this.token !== token || this.lost) return; // released or lost meanwhile
    if (renewed === false) {
      this.lose('taken');
      return;
    }
    if (renewed) this.validUntil = sent + this.ttlMs;
    this.schedule(performance.now() + (renewed ? this.renewEveryMs : Math.max(10, this.renewEveryMs / 4)));
  }

  private lose(reason: 'taken' | 'expired'): LeaseLostError {
    if (this.lost) return this.lost;
    this.stopTimer();
    const error = new LeaseLostError(this.account, reason);
    this.lost = error;
    for (const listener of [...this.listeners]) {
      try {
        listener(error);
      } catch {
        /* a listener's failure is its own; the others still hear */
      }
    }
    return error;
  }
}
