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
 * @module
 */
import { RpcError } from '../../errors.js';
import type { CommonUpdatesState, UpdatesStateRepository } from '../../storage/types.js';
import type { AnyRequest, Update, Updates } from '../../tl/index.js';
import type { Invoker } from '../invoke/types.js';
import type { ClientTap } from '../tap.js';
import { PtsBox } from './box.js';
import { ChannelQueue } from './channel-queue.js';
import { channelOfMessage, positionOf, type BoxKey } from './classify.js';
import { fetchChannelDifference, type ChannelDifferencePage } from './channel-difference.js';
import { fetchDifference, type DifferencePage } from './difference.js';
import { Dispatcher, type Mark } from './dispatch.js';
import { batchOf, batchOfResult, shortMessageUsers, type Batch } from './normalize.js';
import { StatePersister } from './persist.js';
import { SeenPeers } from './seen.js';
import type { UpdateSource, UpdatesOptions, UpdatesStateSnapshot } from './types.js';
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

/** A held update and what came with it. */
interface Item {
  update: Update | undefined;
  batch: Batch;
  source: UpdateSource;
  box: BoxKey;
}

type Input = { kind: 'push'; updates: Updates } | { kind: 'result'; request: AnyRequest; result: unknown };

const OWN_METHODS: ReadonlySet<string> = new Set(['updates.getDifference', 'updates.getChannelDifference', 'updates.getState']);
const CHANNEL_GONE: ReadonlySet<string> = new Set(['CHANNEL_PRIVATE', 'CHANNEL_INVALID', 'CHANNEL_PUBLIC_GROUP_NA']);
const MAX_EARLY = 10_000;

const backoff = (failures: number): number => Math.min(60_000, 500 * 2 ** Math.min(failures, 7));

/** See the module comment. Created by `client.updates`. */
export class UpdatesEngine {
  readonly dispatcher: Dispatcher;
  private readonly options: Required<UpdatesOptions>;
  private readonly common: PtsBox<Item> = new PtsBox('common');
  private readonly qts: PtsBox<Item> = new PtsBox('qts');
  private seq = 0;
  private date = 0;
  private readonly channels = new Map<number, PtsBox<Item>>();
  private readonly holding = new Set<PtsBox<Item>>();
  private seqHeld: Batch[] = [];
  private seqHoldUntil = 0;
  private readonly seen = new SeenPeers();
  private readonly queue: ChannelQueue;
  private readonly persister: StatePersister;
  private readonly wakeup: Wakeup;
  private readonly delivered: CommonUpdatesState = { pts: 0, qts: 0, date: 0, seq: 0 };
  private persistAt = 0;
  private lastActivity = 0;
  private selfId: number | undefined;
  private bot = false;
  private early: Input[] | undefined = [];
  private earlyOverflow = false;
  private starting: Promise<void> | undefined;
  private closed = false;
  private settleWaiters: Array<() => void> = [];
  private readonly unsubscribe: Array<() => void> = [];
  private readonly apply = (item: Item, pts: number): void => this.deliver(item.update, item, pts, item.box);

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
      persistDelayMs: options.persistDelayMs ?? 50,
      idleDifferenceMs: options.idleDifferenceMs ?? 15 * 60_000,
    };
    this.dispatcher = new Dispatcher((mark) => this.commit(mark), deps.report);
    this.persister = new StatePersister(deps.updates, (error) => this.dispatcher.error(error));
    this.wakeup = new Wakeup(deps.clock, () => this.tick());
    this.queue = new ChannelQueue(this.options.channelConcurrency, (id) => this.runChannel(id), () => this.checkSettled());
    this.unsubscribe.push(deps.tap.onUpdates((updates) => this.input({ kind: 'push', updates })));
    this.unsubscribe.push(deps.tap.onResult((request, result) => this.input({ kind: 'result', request, result })));
    let lost = false;
    if (deps.onConnectionState) {
      this.unsubscribe.push(
        deps.onConnectionState((state) => {
          if (state !== 'ready') lost = true;
          else if (lost) {
            lost = false;
            if (this.early === undefined) this.requestCommonDiff(); // pushes may have been lost with the connection
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
    const channels = new Map<number, number>();
    for (const [id, box] of this.channels) if (box.pts !== undefined) channels.set(id, box.pts);
    return { pts: this.common.pts ?? 0, qts: this.qts.pts ?? 0, date: this.date, seq: this.seq, channels };
  }

  /** Channel boxes tracked (memory is per box: the benchmark reports it). */
  get channelCount(): number {
    return this.channels.size;
  }

  /**
   * Asks `updates.getDifference` now and resolves once every box is in order: no gap held, no difference
   * running, every update delivered, positions written.
   */
  async sync(): Promise<void> {
    await this.start();
    this.requestCommonDiff();
    await new Promise<void>((resolve) => {
      this.settleWaiters.push(resolve);
      this.checkSettled();
    });
    await this.persister.flush();
  }

  /** Stops for good: no more requests or timers; positions delivered so far are written. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const u of this.unsubscribe.splice(0)) u();
    this.wakeup.stop();
    this.queue.clear();
    await this.starting?.catch(() => undefined);
    await this.persister.flush();
    for (const w of this.settleWaiters.splice(0)) w();
  }

  private async doStart(): Promise<void> {
    const self = await this.deps.self();
    this.selfId = self?.id;
    this.bot = self?.bot === true;
    const stored = await this.deps.updates.getCommon();
    let diff = false;
    if (stored && this.options.catchUp) {
      this.setCommonState(stored);
      for (const [id, pts] of await this.deps.updates.listChannels()) this.channels.set(id, new PtsBox(id, pts));
      diff = true;
    } else {
      if (stored) await this.deps.updates.clear();
      const s = (await this.deps.invoke({ _: 'updates.getState' }, {})) as { pts: number; qts: number; date: number; seq: number };
      this.setCommonState(s);
      this.dispatcher.mark({ box: 'common', pts: s.pts });
      this.dispatcher.mark({ box: 'qts', pts: s.qts });
      this.dispatcher.mark({ box: 'seq', seq: s.seq, date: s.date });
    }
    if (this.closed) return;
    Object.assign(this.delivered, { pts: this.common.pts ?? 0, qts: this.qts.pts ?? 0, date: this.date, seq: this.seq });
    const early = this.early ?? [];
    this.early = undefined;
    for (const input of early) this.input(input);
    if (diff || this.earlyOverflow) this.requestCommonDiff();
    this.lastActivity = this.deps.clock.now();
    this.scheduleIdle();
  }

  private setCommonState(s: CommonUpdatesState): void {
    this.common.pts = s.pts;
    this.qts.pts = s.qts;
    this.seq = s.seq;
    this.date = s.date;
  }

  // ── input ────────────────────────────────────────────────────────────────────────────────────────

  private input(input: Input): void {
    if (this.closed) return;
    if (this.early) {
      if (this.early.length < MAX_EARLY) this.early.push(input);
      else this.earlyOverflow = true;
      return;
    }
    this.lastActivity = this.deps.clock.now();
    if (input.kind === 'push') this.push(input.updates);
    else this.result(input.request, input.result);
    if (this.settleWaiters.length > 0) this.checkSettled();
  }

  private push(u: Updates): void {
    switch (u._) {
      case 'updatesTooLong':
      case 'updateShortSentMessage': // only ever a result; pushed, it cannot be rebuilt
        this.requestCommonDiff();
        return;
      case 'updateShortMessage':
      case 'updateShortChatMessage': {
        const start = u.pts - u.ptsCount;
        if (this.common.pts !== undefined && start < this.common.pts) return; // a duplicate
        const unknown = shortMessageUsers(u).some((id) => id !== this.selfId && !this.seen.knowsUser(id)) || (u._ === 'updateShortChatMessage' && !this.seen.knowsChat(u.chatId));
        if (unknown) {
          // an incomplete update: the difference brings it with its users (https://core.telegram.org/api/updates)
          this.requestCommonDiff();
          return;
        }
        this.batch(batchOf(u, this.selfId), 'push');
        return;
      }
      default:
        this.batch(batchOf(u, this.selfId), 'push');
    }
  }

  private result(request: AnyRequest, result: unknown): void {
    if (OWN_METHODS.has(request._)) return;
    const b = batchOfResult(request, result, this.selfId);
    if (b === 'tooLong') this.requestCommonDiff();
    else if (b) this.batch(b, 'result');
    else this.seedChannels(result);
  }

  /**
   * Channel positions from results (spec/updates.md §6.1): `dialog.pts` of dialogs, `channelFull.pts`. A
   * channel the engine does not track yet starts there, so its next update is checked, not trusted.
   */
  private seedChannels(result: unknown): void {
    const r = result as { dialogs?: unknown; chats?: unknown; users?: unknown; fullChat?: { _: string; id: number; pts?: number } };
    if (!Array.isArray(r.chats)) return;
    this.seen.learn(Array.isArray(r.users) ? r.users : [], r.chats);
    if (r.fullChat?._ === 'channelFull' && r.fullChat.pts !== undefined) this.track(r.fullChat.id, r.fullChat.pts);
    if (!Array.isArray(r.dialogs)) return;
    for (const d of r.dialogs as Array<{ _: string; peer?: { _: string; channelId?: number }; pts?: number }>) {
      if (d._ === 'dialog' && d.peer?._ === 'peerChannel' && d.pts !== undefined && d.peer.channelId !== undefined) this.track(d.peer.channelId, d.pts);
    }
  }

  private track(channelId: number, pts: number): void {
    if (this.channels.get(channelId)?.pts !== undefined) return;
    this.channels.set(channelId, new PtsBox(channelId, pts));
    this.dispatcher.mark({ box: channelId, pts });
  }

  /** Applies one container: users and chats, its seq, then each update against its box. */
  private batch(b: Batch, source: UpdateSource): void {
    this.seen.learn(b.users, b.chats);
    let boxless = true;
    if (b.seq !== 0) {
      if (this.common.diffing || b.seqStart > this.seq + 1) {
        this.holdSeq(b);
        return;
      }
      if (b.seqStart <= this.seq) boxless = false; // its seq-ordered part was applied already
    }
    if (b.moves) for (const m of b.moves) this.offer(m.box, m.pts, m.count, { update: undefined, batch: b, source, box: m.box });
    for (const update of sortedByStart(b.updates)) {
      const pos = positionOf(update);
      if (pos) this.offer(pos.box, pos.pts, pos.count, { update, batch: b, source, box: pos.box });
      else if (boxless) this.boxless(update, b, source);
    }
    if (boxless && b.seq !== 0) {
      this.seq = b.seq;
      this.date = b.date;
      this.dispatcher.mark({ box: 'seq', seq: this.seq, date: this.date });
    }
  }

  private offer(key: BoxKey, pts: number, count: number, item: Item): void {
    const box = this.boxOf(key);
    if (box.offer(pts, count, item, this.apply, this.options.maxPending) === 'held') this.held(box);
  }

  private boxOf(key: BoxKey): PtsBox<Item> {
    if (key === 'common') return this.common;
    if (key === 'qts') return this.qts;
    let box = this.channels.get(key);
    if (!box) this.channels.set(key, (box = new PtsBox(key)));
    return box;
  }

  /** An update outside every box: delivered, and for a few, acted on. */
  private boxless(update: Update, b: Batch, source: UpdateSource): void {
    if (update._ === 'updateChannelTooLong') this.channelTooLong(update.channelId, update.pts);
    else if (update._ === 'updatePtsChanged') this.requestCommonDiff();
    this.deliver(update, { update, batch: b, source, box: 'common' }, undefined, undefined);
  }

  private channelTooLong(channelId: number, pts: number | undefined): void {
    const box = this.channels.get(channelId);
    if (!box || box.pts === undefined) {
      // never tracked: nothing older to fetch, the box starts here
      if (pts !== undefined) {
        this.channels.set(channelId, new PtsBox(channelId, pts));
        this.dispatcher.mark({ box: channelId, pts });
      }
      return;
    }
    if (pts === undefined || box.pts < pts) this.requestDiff(box);
  }

  /** Hands an update to the dispatcher (a new message once per box), then commits `pts` after it. */
  private deliver(update: Update | undefined, item: Item, pts: number | undefined, box: BoxKey | undefined): void {
    const mark = pts !== undefined && box !== undefined ? ({ box, pts } as Mark) : undefined;
    if (!update) {
      if (mark) this.dispatcher.mark(mark);
      return;
    }
    if ((update._ === 'updateNewMessage' || update._ === 'updateNewChannelMessage') && update.message._ !== 'messageEmpty') {
      if (!this.seen.firstDelivery(channelOfMessage(update.message) ?? 'common', update.message.id)) {
        if (mark) this.dispatcher.mark(mark);
        return;
      }
    }
    const context = { box, pts, source: item.source, users: item.batch.users, chats: item.batch.chats };
    this.dispatcher.update(update, context, mark);
  }

  // ── gaps and the one timer ───────────────────────────────────────────────────────────────────────

  private held(box: PtsBox<Item>): void {
    if (box.diffing) return;
    if (box.again) {
      box.again = false;
      this.requestDiff(box);
      return;
    }
    if (box.holdUntil === 0) {
      box.holdUntil = this.deps.clock.now() + this.options.holdMs;
      this.holding.add(box);
      this.wakeup.request(box.holdUntil);
    }
  }

  private holdSeq(b: Batch): void {
    this.seqHeld.push(b);
    if (this.seqHoldUntil === 0 && !this.common.diffing) {
      this.seqHoldUntil = this.deps.clock.now() + this.options.holdMs;
      this.wakeup.request(this.seqHoldUntil);
    }
  }

  /** Re-offers held seq containers after the seq moved (a difference, or the missing container). */
  private releaseSeq(): void {
    const held = this.seqHeld.sort((a, b) => a.seqStart - b.seqStart);
    this.seqHeld = [];
    this.seqHoldUntil = 0;
    for (const b of held) this.batch(b, 'push');
  }

  private tick(): void {
    if (this.closed) return;
    const now = this.deps.clock.now();
    for (const box of this.holding) {
      if (box.holdUntil === 0) this.holding.delete(box);
      else if (box.holdUntil <= now) {
        this.holding.delete(box);
        box.holdUntil = 0;
        this.requestDiff(box);
      } else this.wakeup.request(box.holdUntil);
    }
    if (this.seqHoldUntil !== 0) {
      if (this.seqHoldUntil <= now) {
        this.seqHoldUntil = 0;
        this.requestCommonDiff();
      } else this.wakeup.request(this.seqHoldUntil);
    }
    if (this.persistAt !== 0) {
      if (this.persistAt <= now) {
        this.persistAt = 0;
        void this.persister.flush();
      } else this.wakeup.request(this.persistAt);
    }
    if (this.options.idleDifferenceMs > 0 && this.early === undefined && now - this.lastActivity >= this.options.idleDifferenceMs) {
      this.lastActivity = now;
      this.requestCommonDiff();
    }
    this.scheduleIdle();
  }

  private scheduleIdle(): void {
    if (this.options.idleDifferenceMs > 0) this.wakeup.request(this.lastActivity + this.options.idleDifferenceMs);
  }

  private requestDiff(box: PtsBox<Item>): void {
    if (box.key === 'common' || box.key === 'qts') this.requestCommonDiff();
    else if (box.diffing) box.again = true;
    else this.queue.add(box.key);
  }

  // ── common difference ────────────────────────────────────────────────────────────────────────────

  private requestCommonDiff(): void {
    if (this.closed || this.early !== undefined) return;
    if (this.common.diffing) {
      this.common.again = true;
      return;
    }
    void this.runCommon();
  }

  private async runCommon(): Promise<void> {
    this.common.diffing = this.qts.diffing = true;
    this.common.again = false;
    this.seqHoldUntil = 0;
    try {
      await fetchDifference(this.deps.invoke, () => this.state, (page) => this.applyCommonPage(page));
      this.common.failures = 0;
    } catch (error) {
      if (this.closed) return;
      this.dispatcher.error(error);
      this.common.failures++;
      this.common.holdUntil = this.deps.clock.now() + backoff(this.common.failures);
      this.holding.add(this.common);
      this.wakeup.request(this.common.holdUntil);
    } finally {
      this.common.diffing = this.qts.diffing = false;
    }
    if (this.closed) return;
    this.common.drain(this.apply);
    this.qts.drain(this.apply);
    this.releaseSeq();
    if (this.common.held > 0) this.held(this.common);
    if (this.qts.held > 0) this.held(this.qts);
    if (this.common.again) this.requestCommonDiff();
    this.checkSettled();
  }

  private applyCommonPage(page: DifferencePage): void {
    if (this.closed) return;
    if (page.kind === 'empty') {
      this.seq = page.seq;
      this.date = page.date;
      this.dispatcher.mark({ box: 'seq', seq: this.seq, date: this.date });
      return;
    }
    if (page.kind === 'tooLong') {
      const mark: Mark = { box: 'common', pts: page.pts };
      this.dispatcher.gap({ box: 'common', fromPts: this.common.pts, toPts: page.pts, dialog: undefined, messages: [] }, mark);
      this.common.pts = page.pts;
      return;
    }
    const b = page.batch;
    this.seen.learn(b.users, b.chats);
    const boxless = page.state.seq > this.seq;
    for (const update of b.updates) {
      const pos = positionOf(update);
      if (pos && typeof pos.box === 'number') this.offer(pos.box, pos.pts, pos.count, { update, batch: b, source: 'difference', box: pos.box });
      else if (pos || update._ === 'updateNewMessage' || update._ === 'updateMessageID') this.deliver(update, { update, batch: b, source: 'difference', box: 'common' }, undefined, undefined);
      else if (update._ === 'updateChannelTooLong') this.channelTooLong(update.channelId, update.pts);
      else if (boxless) this.deliver(update, { update, batch: b, source: 'difference', box: 'common' }, undefined, undefined);
    }
    this.setCommonState(page.state);
    this.dispatcher.mark({ box: 'common', pts: page.state.pts });
    this.dispatcher.mark({ box: 'qts', pts: page.state.qts });
    this.dispatcher.mark({ box: 'seq', seq: page.state.seq, date: page.state.date });
  }

  // ── channel differences ──────────────────────────────────────────────────────────────────────────

  private async runChannel(channelId: number): Promise<void> {
    const box = this.channels.get(channelId);
    if (!box || this.closed || box.diffing) return;
    box.diffing = true;
    box.again = false;
    try {
      const hash = this.seen.channelHash(channelId) ?? (await this.deps.channelHash?.(channelId));
      if (hash === undefined) {
        // cannot ask for it; forget what is held rather than keep a gap open forever
        this.dispatcher.error(new Error(`tgts updates: no access hash for channel ${channelId}; its gap cannot be filled`));
        box.pending = undefined;
        return;
      }
      const limit = this.options.channelDifferenceLimit || (this.bot ? 100_000 : 100);
      const channel = { _: 'inputChannel' as const, channelId, accessHash: hash };
      await fetchChannelDifference(this.deps.invoke, channel, () => box.pts ?? 1, limit, (page) => this.applyChannelPage(box, page));
      box.failures = 0;
    } catch (error) {
      if (this.closed) return;
      if (error instanceof RpcError && CHANNEL_GONE.has(error.type)) {
        this.channels.delete(channelId);
        this.holding.delete(box);
        this.dispatcher.mark({ box: channelId, pts: -1 });
        return;
      }
      this.dispatcher.error(error);
      box.failures++;
      box.holdUntil = this.deps.clock.now() + backoff(box.failures);
      this.holding.add(box);
      this.wakeup.request(box.holdUntil);
    } finally {
      box.diffing = false;
    }
    if (this.closed || !this.channels.has(channelId)) return;
    box.drain(this.apply);
    if (box.held > 0) this.held(box);
    if (box.again) {
      box.again = false;
      this.queue.add(channelId);
    }
  }

  private applyChannelPage(box: PtsBox<Item>, page: ChannelDifferencePage): void {
    if (this.closed) return;
    const id = box.key as number;
    if (page.kind === 'empty') {
      box.pts = page.pts;
      this.dispatcher.mark({ box: id, pts: page.pts });
      return;
    }
    this.seen.learn(page.batch.users, page.batch.chats);
    if (page.kind === 'tooLong') {
      // Telegram will not list what was skipped: report it, so the application reloads that history
      this.dispatcher.gap({ box: id, fromPts: box.pts, toPts: page.pts, dialog: page.dialog, messages: page.messages }, { box: id, pts: page.pts });
      box.pts = page.pts;
      return;
    }
    for (const update of page.batch.updates) {
      const pos = positionOf(update);
      this.deliver(update, { update, batch: page.batch, source: 'difference', box: id }, pos && pos.pts > 0 ? pos.pts : undefined, pos ? id : undefined);
    }
    box.pts = page.pts;
    this.dispatcher.mark({ box: id, pts: page.pts });
  }

  // ── persistence and settling ─────────────────────────────────────────────────────────────────────

  /** A position whose updates were all delivered: it goes to storage (coalesced). */
  private commit(mark: Mark): void {
    if (mark.box === 'common') this.delivered.pts = mark.pts;
    else if (mark.box === 'qts') this.delivered.qts = mark.pts;
    else if (mark.box === 'seq') {
      this.delivered.seq = mark.seq;
      this.delivered.date = mark.date;
    } else if (mark.pts < 0) this.persister.deleteChannel(mark.box);
    else this.persister.setChannel(mark.box, mark.pts);
    if (typeof mark.box !== 'number') this.persister.setCommon(this.delivered);
    if (this.persistAt === 0 && !this.closed) {
      this.persistAt = this.deps.clock.now() + this.options.persistDelayMs;
      this.wakeup.request(this.persistAt);
    }
  }

  private busy(): boolean {
    if (this.common.diffing || this.queue.size > 0 || this.seqHeld.length > 0) return true;
    if (this.common.held > 0 || this.qts.held > 0) return true;
    for (const box of this.holding) if (box.held > 0 || box.holdUntil !== 0) return true;
    return false;
  }

  private checkSettled(): void {
    if (this.settleWaiters.length === 0 || this.busy()) return;
    void this.dispatcher.drained().then(() => {
      if (this.busy() && !this.closed) return; // something arrived meanwhile; a later settle resolves them
      for (const w of this.settleWaiters.splice(0)) w();
    });
  }
}

/** The updates of a container with pts updates ordered by their start (`pts − pts_count`), others in place. */
function sortedByStart(updates: readonly Update[]): readonly Update[] {
  if (updates.length < 2) return updates;
  let prev = -Infinity;
  let sorted = true;
  for (const u of updates) {
    const p = positionOf(u);
    if (!p) continue;
    if (p.pts - p.count < prev) {
      sorted = false;
      break;
    }
    prev = p.pts - p.count;
  }
  if (sorted) return updates;
  return [...updates].sort((a, b) => {
    const pa = positionOf(a);
    const pb = positionOf(b);
    return (pa ? pa.pts - pa.count : -1) - (pb ? pb.pts - pb.count : -1);
  });
}
