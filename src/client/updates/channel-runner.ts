/**
 * A channel box's *diffing* state: `updates.getChannelDifference` loops (`channel-difference.ts` pages
 * them) served by one {@link ChannelQueue} for every channel, at most `channelConcurrency` at once. While a
 * channel's loop runs its pushes are held; each page is delivered as it comes, `channelDifferenceTooLong`
 * reported as a gap with the dialog and latest messages. A channel that is gone for the account
 * (`CHANNEL_PRIVATE`…) is forgotten; other failures retry after a backoff.
 *
 * @module
 */
import { RpcError } from '../../errors.js';
import type { Invoker } from '../invoke/types.js';
import type { UpdateApplier } from './applier.js';
import type { PtsBox } from './box.js';
import type { BoxedUpdate, BoxSet } from './box-set.js';
import { fetchChannelDifference, type ChannelDifferencePage } from './channel-difference.js';
import { ChannelQueue } from './channel-queue.js';
import { positionOf } from './classify.js';
import type { Dispatcher } from './dispatch.js';
import type { GapHolds } from './gaps.js';
import type { SeenPeers } from './seen.js';

/** What the channel runner works with. */
export interface ChannelRunnerDeps {
  invoke: Invoker;
  boxes: BoxSet;
  seen: SeenPeers;
  dispatcher: Dispatcher;
  applier: UpdateApplier;
  gaps: GapHolds;
  /** A channel's access hash when the engine has not seen one (the storage's peer repository). */
  channelHash?: (channelId: number) => Promise<bigint | undefined>;
  /** `limit` of each request. */
  limit: () => number;
  concurrency: number;
  closed: () => boolean;
  /** A loop ended (`sync()` waiters). */
  settled: () => void;
}

const CHANNEL_GONE: ReadonlySet<string> = new Set(['CHANNEL_PRIVATE', 'CHANNEL_INVALID', 'CHANNEL_PUBLIC_GROUP_NA']);

/** Runs `updates.getChannelDifference` for channel boxes. */
export class ChannelDifferenceRunner {
  private readonly queue: ChannelQueue;

  constructor(private readonly deps: ChannelRunnerDeps) {
    this.queue = new ChannelQueue(deps.concurrency, (id) => this.run(id), deps.settled);
  }

  /** Queues `channelId`'s difference (once, however often asked before it starts). */
  request(channelId: number): void {
    this.queue.add(channelId);
  }

  /** Channels waiting or running. */
  get size(): number {
    return this.queue.size;
  }

  /** Forgets the waiting channels (the engine closes). */
  clear(): void {
    this.queue.clear();
  }

  private async run(channelId: number): Promise<void> {
    const { boxes, dispatcher } = this.deps;
    const box = boxes.channels.get(channelId);
    if (!box || this.deps.closed() || box.diffing) return;
    box.diffing = true;
    box.again = false;
    try {
      const hash = this.deps.seen.channelHash(channelId) ?? (await this.deps.channelHash?.(channelId));
      if (hash === undefined) {
        // cannot ask for it; forget what is held rather than keep a gap open forever
        dispatcher.error(new Error(`tgts updates: no access hash for channel ${channelId}; its gap cannot be filled`));
        box.pending = undefined;
        return;
      }
      const channel = { _: 'inputChannel' as const, channelId, accessHash: hash };
      await fetchChannelDifference(this.deps.invoke, channel, () => box.pts ?? 1, this.deps.limit(), (page) => this.applyPage(box, page));
      box.failures = 0;
    } catch (error) {
      if (this.deps.closed()) return;
      if (error instanceof RpcError && CHANNEL_GONE.has(error.type)) {
        boxes.channels.delete(channelId);
        this.deps.gaps.forget(box);
        dispatcher.mark({ box: channelId, pts: -1 });
        return;
      }
      dispatcher.error(error);
      this.deps.gaps.retryLater(box);
    } finally {
      box.diffing = false;
    }
    if (this.deps.closed() || !boxes.channels.has(channelId)) return;
    box.drain(this.deps.applier.apply);
    if (box.held > 0) this.deps.gaps.held(box);
    if (box.again) {
      box.again = false;
      this.queue.add(channelId);
    }
  }

  private applyPage(box: PtsBox<BoxedUpdate>, page: ChannelDifferencePage): void {
    if (this.deps.closed()) return;
    const { dispatcher } = this.deps;
    const id = box.key as number;
    if (page.kind === 'empty') {
      box.pts = page.pts;
      dispatcher.mark({ box: id, pts: page.pts });
      return;
    }
    this.deps.seen.learn(page.batch.users, page.batch.chats);
    if (page.kind === 'tooLong') {
      // Telegram will not list what was skipped: report it, so the application reloads that history
      dispatcher.gap({ box: id, fromPts: box.pts, toPts: page.pts, dialog: page.dialog, messages: page.messages }, { box: id, pts: page.pts });
      box.pts = page.pts;
      return;
    }
    const applier = this.deps.applier;
    for (const update of page.batch.updates) {
      const pos = positionOf(update);
      applier.deliver(update, { update, batch: page.batch, source: 'difference', box: id }, pos && pos.pts > 0 ? pos.pts : undefined, pos ? id : undefined);
    }
    box.pts = page.pts;
    dispatcher.mark({ box: id, pts: page.pts });
  }
}
