/**
 * A channel box's *diffing* state: `updates.getChannelDifference` loops (`channel-difference.ts` pages
 * them) served by one {@link ChannelQueue} for every channel, at most `channelConcurrency` at once. While a
 * channel's loop runs its pushes are held; each page is delivered as it comes. After
 * `channelDifferenceTooLong` the stretch's new messages are recovered from the history
 * (`history-recovery.ts`) and delivered, then the stretch is reported as a gap with the dialog and latest
 * messages. A channel that is gone for the account
 * (`CHANNEL_PRIVATE`…) is forgotten; other failures retry after a backoff.
 *
 * @module
 */
import { RpcError } from '../../errors.js';
import type { PtsBox } from './box.js';
import type { BoxedUpdate } from './box-set.js';
import { fetchChannelDifference, type ChannelDifferencePage } from './channel-difference.js';
import { ChannelQueue } from './channel-queue.js';
import { positionOf } from './classify.js';
import { recoverChannelHistory } from './history-recovery.js';
import type { Batch } from './normalize.js';
import type { RunnerDeps } from './runner-deps.js';

/** What the channel runner works with. */
export interface ChannelRunnerDeps extends RunnerDeps {
  /** A channel's access hash when the engine has not seen one (the storage's peer repository). */
  channelHash?: (channelId: number) => Promise<bigint | undefined>;
  /** `limit` of each request. */
  limit: () => number;
  /** Most messages recovered from the history after `channelDifferenceTooLong` (0: none). */
  recoverHistory: number;
  concurrency: number;
}

type TooLongPage = Extract<ChannelDifferencePage, { kind: 'tooLong' }>;

/** A `channelDifferenceTooLong` answer and where the box stood when it came. */
interface Skipped {
  page: TooLongPage;
  fromPts: number | undefined;
  afterId: number;
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
      let skipped: Skipped | undefined;
      await fetchChannelDifference(this.deps.invoke, channel, () => box.pts ?? 1, this.deps.limit(), (page) => {
        if (page.kind === 'tooLong') skipped = { page, fromPts: box.pts, afterId: box.topMessageId };
        else this.applyPage(box, page);
      });
      if (skipped) await this.recover(box, hash, skipped);
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

  /**
   * Telegram will not list what `channelDifferenceTooLong` skipped: the new messages after the last one
   * delivered come from the history (delivered once, oldest first: the recent-delivery window drops those
   * seen already), then the stretch is reported as a gap so the application reloads the rest of that state.
   * A failed history request fails the loop: the box stays where it was and the difference is retried.
   */
  private async recover(box: PtsBox<BoxedUpdate>, accessHash: bigint, { page, fromPts, afterId }: Skipped): Promise<void> {
    const { dispatcher, applier, seen } = this.deps;
    const id = box.key as number;
    seen.learn(page.batch.users, page.batch.chats);
    let recoveredMessages = 0;
    let historyComplete = false;
    if (afterId > 0 && this.deps.recoverHistory > 0) {
      const peer = { _: 'inputPeerChannel' as const, channelId: id, accessHash };
      const history = await recoverChannelHistory(this.deps.invoke, peer, afterId, this.deps.recoverHistory);
      if (this.deps.closed()) return;
      seen.learn(history.users, history.chats);
      const batch: Batch = { updates: [], users: history.users, chats: history.chats, date: 0, seqStart: 0, seq: 0 };
      for (const message of history.messages) {
        const update = { _: 'updateNewChannelMessage' as const, message, pts: 0, ptsCount: 0 };
        applier.deliver(update, { update, batch, source: 'history', box: id }, undefined, id);
      }
      recoveredMessages = history.messages.length;
      historyComplete = history.complete;
    }
    // the mark carries the top message the recovery raised: a later restart recovers from there
    dispatcher.gap({ box: id, fromPts, toPts: page.pts, dialog: page.dialog, messages: page.messages, recoveredMessages, historyComplete }, this.deps.boxes.channelMark(id, page.pts));
    box.pts = page.pts;
  }

  private applyPage(box: PtsBox<BoxedUpdate>, page: Exclude<ChannelDifferencePage, TooLongPage>): void {
    if (this.deps.closed()) return;
    const { dispatcher } = this.deps;
    const id = box.key as number;
    if (page.kind === 'empty') {
      box.pts = page.pts;
      dispatcher.mark(this.deps.boxes.channelMark(id, page.pts));
      return;
    }
    this.deps.seen.learn(page.batch.users, page.batch.chats);
    const applier = this.deps.applier;
    for (const update of page.batch.updates) {
      const pos = positionOf(update);
      applier.deliver(update, { update, batch: page.batch, source: 'difference', box: id }, pos && pos.pts > 0 ? pos.pts : undefined, pos ? id : undefined);
    }
    box.pts = page.pts;
    dispatcher.mark(this.deps.boxes.channelMark(id, page.pts));
  }
}
