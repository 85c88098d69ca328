/**
 * Fault injection for tests (`server.faults`). Every hook is off until called; `reset()` turns all
 * of them off. Hooks affect encrypted traffic only (the key exchange is never disturbed).
 * @module
 */
import { seededRandom } from './seeded-random.js';
import type { UpdateFaults } from '../world/updates/faults.js';

/** How a drop rule picks its victims. */
export interface DropOptions {
  /** Disarm the rule after its first drop (default false: every matching connection is dropped). */
  once?: boolean;
  /** Chance (0..1) that a given connection is subject to the rule (default 1). */
  probability?: number;
  /** Seed of the random choice, for reproducible runs (default 1). */
  seed?: number;
}

/** RPC errors of the `*_MIGRATE_X` family. */
export type MigrateErrorType = 'USER_MIGRATE' | 'PHONE_MIGRATE' | 'NETWORK_MIGRATE' | 'FILE_MIGRATE' | 'STATS_MIGRATE';

/** A drop rule; connections remember their own draw for each rule. */
export interface DropRule {
  readonly metric: 'bytes' | 'messages';
  readonly limit: number;
  readonly once: boolean;
  readonly draw: () => boolean;
}

/** A one-shot answer replacing the processing of the next client request. */
export type NextRequestFault = { kind: 'bad_server_salt' } | { kind: 'bad_msg_notification'; code: number };

interface RpcFault {
  method: string;
  remaining: number;
  code: number;
  message: string;
}

/** Faults a test can inject into one server. */
export class FaultInjector {
  /** @internal Active drop rules. */
  readonly dropRules: DropRule[] = [];
  /** @internal Delay before each reply packet leaves, ms. */
  replyDelayMs = 0;
  /** @internal Each reply packet is sent twice. */
  duplicate = false;
  /** @internal Reply packets are swapped pairwise. */
  reorder = false;
  /** @internal Answers for the next requests, in order. */
  readonly nextRequest: NextRequestFault[] = [];
  private readonly rpcFaults: RpcFault[] = [];
  /**
   * Fault hooks of pushed updates (drop, duplicate, reorder, combine, `updatesTooLong`, channel delays, forced
   * too-long differences): the served world's `updateFaults`, shared by every DC of a cluster. Undefined
   * without a world.
   */
  updates: UpdateFaults | undefined;

  /** @param setSkew - applies a clock skew in seconds to the server. */
  constructor(private readonly setSkew: (seconds: number) => void) {}

  private addDrop(metric: 'bytes' | 'messages', limit: number, options: DropOptions): void {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`drop limit must be a non-negative integer, got ${limit}`);
    const p = options.probability ?? 1;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must be within 0..1, got ${p}`);
    const random = seededRandom(options.seed ?? 1);
    this.dropRules.push({ metric, limit, once: options.once ?? false, draw: () => p >= 1 || random() < p });
  }

  /** Closes a connection once it has moved `bytes` wire bytes (in + out); checked on every packet. */
  dropAfterBytes(bytes: number, options: DropOptions = {}): void {
    this.addDrop('bytes', bytes, options);
  }

  /**
   * Closes a connection when an encrypted packet arrives after `count` were already received on it:
   * that packet is discarded unanswered (like a request lost with the connection).
   */
  dropAfterMessages(count: number, options: DropOptions = {}): void {
    this.addDrop('messages', count, options);
  }

  /** Holds every reply packet `ms` milliseconds before sending it (0 turns it off). */
  delayReplies(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`delay must be >= 0, got ${ms}`);
    this.replyDelayMs = ms;
  }

  /** Sends every reply packet twice (clients must drop the duplicate msg_id). */
  duplicateReplies(enabled = true): void {
    this.duplicate = enabled;
  }

  /** Swaps reply packets pairwise (a lone packet leaves after 50 ms). */
  reorderReplies(enabled = true): void {
    this.reorder = enabled;
  }

  /** Answers the next client RPC query with `bad_server_salt` (carrying the valid salt) instead of running it. */
  badServerSaltNext(): void {
    this.nextRequest.push({ kind: 'bad_server_salt' });
  }

  /** Answers the next client RPC query with `bad_msg_notification(code)` instead of running it. */
  badMsgNotificationNext(code: number): void {
    this.nextRequest.push({ kind: 'bad_msg_notification', code });
  }

  /** The next `times` calls of `method` fail with `420 FLOOD_WAIT_<seconds>`. */
  floodWait(method: string, seconds: number, times = 1): void {
    this.rpcFaults.push({ method, remaining: times, code: 420, message: `FLOOD_WAIT_${seconds}` });
  }

  /** The next `times` calls of `method` fail with `303 <type>_<dcId>` (default: every call). */
  migrate(method: string, type: MigrateErrorType, dcId: number, times = Infinity): void {
    this.rpcFaults.push({ method, remaining: times, code: 303, message: `${type}_${dcId}` });
  }

  /** Any RPC error for the next `times` calls of `method`. */
  rpcError(method: string, code: number, message: string, times = 1): void {
    this.rpcFaults.push({ method, remaining: times, code, message });
  }

  /** Moves the server clock by `seconds` (msg_id checks, salts and ids use it). */
  timeSkew(seconds: number): void {
    if (!Number.isFinite(seconds)) throw new RangeError(`skew must be finite, got ${seconds}`);
    this.setSkew(seconds);
  }

  /** Turns every fault off. */
  reset(): void {
    this.dropRules.length = 0;
    this.replyDelayMs = 0;
    this.duplicate = false;
    this.reorder = false;
    this.nextRequest.length = 0;
    this.rpcFaults.length = 0;
    this.setSkew(0);
    this.updates?.reset();
  }

  /** @internal The error a call of `method` must fail with, if any (consumes one use). */
  takeRpcFault(method: string): { code: number; message: string } | undefined {
    const i = this.rpcFaults.findIndex((f) => f.method === method && f.remaining > 0);
    if (i < 0) return undefined;
    const f = this.rpcFaults[i]!;
    f.remaining--;
    if (f.remaining <= 0) this.rpcFaults.splice(i, 1);
    return { code: f.code, message: f.message };
  }

  /** @internal Removes a once-rule after it fired. */
  disarm(rule: DropRule): void {
    const i = this.dropRules.indexOf(rule);
    if (i >= 0) this.dropRules.splice(i, 1);
  }
}
