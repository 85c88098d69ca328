/**
 * The updates engine: one per client, consuming every pushed `Updates` (`tap.onUpdates`) and every result
 * that carries updates (`tap.onResult`), applying Telegram's box rules (https://core.telegram.org/api/updates)
 * and handing each update once, in box order, to the {@link Dispatcher}.
 *
 * State machine per box (common pts, qts, each channel's pts): *in order* → apply; *behind* → drop (a
 * duplicate); *ahead* → hold it, and if the gap is still open after `holdMs`, *diffing*: one
 * `updates.getDifference` (common, qts, seq) or `updates.getChannelDifference` (a channel; at most
 * `channelConcurrency` at once), while which the box's pushes are held; when it ends, held updates the
 * difference covered are dropped and the rest applied. `updatesTooLong`, `updateChannelTooLong`, an
 * `updateShort*` naming an unknown user, a reconnect and a long silence start a difference too.
 * Everything runs on the caller's turn or on the engine's one timer ({@link Wakeup}); no box owns a timer
 * or a promise.
 *
 * This class is the lifecycle around the parts: start (stored state or `updates.getState`, inputs that
 * came before it buffered), the timer, reconnects and idleness, `sync()` and `close()`. The rules are in
 * `intake.ts` (what comes in), `applier.ts` (boxes and delivery), `gaps.ts` (held gaps and deadlines),
 * `common-runner.ts` / `channel-runner.ts` (the differences) and `delivered-positions.ts` (persistence).
 *
 * @module
 */
import type { UpdatesStateRepository } from '../../storage/types.js';
import type { AnyRequest, Updates } from '../../tl/index.js';
import type { Invoker } from '../invoke/types.js';
import type { ClientTap } from '../tap.js';
import { UpdateApplier } from './applier.js';
import { BoxSet } from './box-set.js';
import { ChannelDifferenceRunner } from './channel-runner.js';
import { CommonDifferenceRunner } from './common-runner.js';
import { DeliveredPositions } from './delivered-positions.js';
import { Dispatcher } from './dispatch.js';
import { GapHolds } from './gaps.js';
import { UpdatesIntake } from './intake.js';
import { StatePersister } from './persist.js';
import type { RunnerDeps } from './runner-deps.js';
import { SeenPeers } from './seen.js';
import { Settling } from './settle.js';
import type { UpdatesOptions, UpdatesStateSnapshot } from './types.js';
import { Wakeup, type EngineClock } from './wakeup.js';

/** What the engine needs from its client. */
export interface EngineDeps {
  invoke: Invoker;
  tap: ClientTap;
  updates: UpdatesStateRepository;
  /** The signed-in account (its id rebuilds `updateShort*` messages; bots get a larger channel limit). */
  self: () => Promise<{ id: number; bot: boolean } | undefined>;
  /** Connection state changes of the primary DC (a reconnect starts a difference). */
  onConnectionState?: (listener: (state: string) => void) => () => void;
  /** A channel's access hash when the engine has not seen one (the storage's peer repository). */
  channelHash?: (channelId: number) => Promise<bigint | undefined>;
  clock: EngineClock;
  /** Errors nobody handles (`error` handlers take precedence). */
  report: (error: unknown) => void;
}

type Input = { kind: 'push'; updates: Updates } | { kind: 'result'; request: AnyRequest; result: unknown };

/** Inputs buffered before the start finished; past this, the start asks a difference instead. */
const MAX_EARLY = 10_000;

/** See the module comment. Created by `client.updates`. */
export class UpdatesEngine {
  readonly dispatcher: Dispatcher;
  private readonly options: Required<UpdatesOptions>;
  private readonly boxes = new BoxSet();
  private readonly seen = new SeenPeers();
  private readonly persister: StatePersister;
  private readonly positions: DeliveredPositions;
  private readonly wakeup: Wakeup;
  private readonly gaps: GapHolds;
  private readonly applier: UpdateApplier;
  private readonly intake: UpdatesIntake;
  private readonly common: CommonDifferenceRunner;
  private readonly channels: ChannelDifferenceRunner;
  private readonly settling: Settling;
  private lastActivity = 0;
  private selfId: number | undefined;
  private bot = false;
  private early: Input[] | undefined = [];
  private earlyOverflow = false;
  private starting: Promise<void> | undefined;
  private closed = false;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly deps: EngineDeps,
    options: UpdatesOptions = {},
  ) {
    this.options = {
      catchUp: options.catchUp ?? true,
      holdMs: options.holdMs ?? 500,
      channelConcurrency: options.channelConcurrency ?? 4,
      channelDifferenceLimit: options.channelDifferenceLimit ?? 0,
      maxPending: options.maxPending ?? 1000,
      recoverHistory: options.recoverHistory ?? 1000,
      persistDelayMs: options.persistDelayMs ?? 50,
      idleDifferenceMs: options.idleDifferenceMs ?? 15 * 60_000,
    };
    const { boxes, seen } = this;
    const closed = (): boolean => this.closed;
    const requestCommonDiff = (): void => this.common.request();
    this.dispatcher = new Dispatcher((mark) => this.positions.commit(mark), deps.report);
    const dispatcher = this.dispatcher;
    this.persister = new StatePersister(deps.updates, (error) => dispatcher.error(error));
    this.wakeup = new Wakeup(deps.clock, () => this.tick());
    this.positions = new DeliveredPositions({ persister: this.persister, clock: deps.clock, wakeup: this.wakeup, persistDelayMs: this.options.persistDelayMs, closed });
    const channelLimit = (): number => this.options.channelDifferenceLimit || (this.bot ? 100_000 : 100);
    this.gaps = new GapHolds({ boxes, clock: deps.clock, wakeup: this.wakeup, holdMs: this.options.holdMs, requestCommonDiff, requestChannelDiff: (id) => this.channels.request(id), channelLimit });
    const gaps = this.gaps;
    this.applier = new UpdateApplier({ boxes, seen, dispatcher, gaps, maxPending: this.options.maxPending, requestCommonDiff });
    const applier = this.applier;
    this.intake = new UpdatesIntake({ boxes, seen, applier, selfId: () => this.selfId, requestCommonDiff });
    this.settling = new Settling(dispatcher, () => this.busy(), closed);
    const settled = (): void => this.settling.check();
    const runner: RunnerDeps = { invoke: deps.invoke, boxes, seen, dispatcher, applier, gaps, closed, settled };
    this.common = new CommonDifferenceRunner({ ...runner, accepting: () => !this.closed && this.early === undefined });
    this.channels = new ChannelDifferenceRunner({
      ...runner,
      ...(deps.channelHash ? { channelHash: deps.channelHash } : {}),
      limit: channelLimit,
      recoverHistory: this.options.recoverHistory,
      concurrency: this.options.channelConcurrency,
    });
    this.unsubscribe.push(deps.tap.onUpdates((updates) => this.input({ kind: 'push', updates })));
    this.unsubscribe.push(deps.tap.onResult((request, result) => this.input({ kind: 'result', request, result })));
    let lost = false;
    if (deps.onConnectionState) {
      this.unsubscribe.push(
        deps.onConnectionState((state) => {
          if (state !== 'ready') lost = true;
          else if (lost) {
            lost = false;
            if (this.early === undefined) this.common.request(); // pushes may have been lost with the connection
          }
        }),
      );
    }
  }

  /** Loads the saved state (or asks `updates.getState`) and starts catching up. Idempotent; a failed start may be retried. */
  start(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.starting ??= this.doStart().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /** Positions now (in memory; the storage follows within `persistDelayMs`). */
  get state(): UpdatesStateSnapshot {
    return this.boxes.snapshot();
  }

  /** Channel boxes tracked (memory is per box: the benchmark reports it). */
  get channelCount(): number {
    return this.boxes.channels.size;
  }

  /**
   * Asks `updates.getDifference` now and resolves once every box is in order: no gap held, no difference
   * running, every update delivered, positions written.
   */
  async sync(): Promise<void> {
    await this.start();
    this.common.request();
    await this.settling.wait();
    await this.persister.flush();
  }

  /** Stops for good: no more requests or timers; positions delivered so far are written. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const u of this.unsubscribe.splice(0)) u();
    this.wakeup.stop();
    this.channels.clear();
    await this.starting?.catch(() => undefined);
    await this.persister.flush();
    this.settling.releaseAll();
  }

  private async doStart(): Promise<void> {
    const self = await this.deps.self();
    this.selfId = self?.id;
    this.bot = self?.bot === true;
    const stored = await this.deps.updates.getCommon();
    let diff = false;
    if (stored && this.options.catchUp) {
      this.boxes.setCommon(stored);
      for (const [id, pts, top] of await this.deps.updates.listChannels()) this.boxes.startChannel(id, pts, top ?? 0);
      diff = true;
    } else {
      if (stored) await this.deps.updates.clear();
      const s = (await this.deps.invoke({ _: 'updates.getState' }, {})) as { pts: number; qts: number; date: number; seq: number };
      this.boxes.setCommon(s);
      this.dispatcher.mark({ box: 'common', pts: s.pts });
      this.dispatcher.mark({ box: 'qts', pts: s.qts });
      this.dispatcher.mark({ box: 'seq', seq: s.seq, date: s.date });
    }
    if (this.closed) return;
    const { common, qts, date, seq } = this.boxes;
    this.positions.reset({ pts: common.pts ?? 0, qts: qts.pts ?? 0, date, seq });
    const early = this.early ?? [];
    this.early = undefined;
    for (const input of early) this.input(input);
    if (diff || this.earlyOverflow) this.common.request();
    this.lastActivity = this.deps.clock.now();
    this.scheduleIdle();
  }

  private input(input: Input): void {
    if (this.closed) return;
    if (this.early) {
      if (this.early.length < MAX_EARLY) this.early.push(input);
      else this.earlyOverflow = true;
      return;
    }
    this.lastActivity = this.deps.clock.now();
    if (input.kind === 'push') this.intake.push(input.updates);
    else this.intake.result(input.request, input.result);
    this.settling.check();
  }

  /** The one timer fired: gap deadlines, the coalesced write, the idle difference. */
  private tick(): void {
    if (this.closed) return;
    const now = this.deps.clock.now();
    this.gaps.due(now);
    this.positions.due(now);
    if (this.options.idleDifferenceMs > 0 && this.early === undefined && now - this.lastActivity >= this.options.idleDifferenceMs) {
      this.lastActivity = now;
      this.common.request();
    }
    this.scheduleIdle();
  }

  private scheduleIdle(): void {
    if (this.options.idleDifferenceMs > 0) this.wakeup.request(this.lastActivity + this.options.idleDifferenceMs);
  }

  private busy(): boolean {
    const { common, qts } = this.boxes;
    return common.diffing || this.channels.size > 0 || common.held > 0 || qts.held > 0 || this.gaps.busy;
  }
}
