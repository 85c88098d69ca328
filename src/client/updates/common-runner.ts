/**
 * The common box's *diffing* state: one `updates.getDifference` loop at a time (`difference.ts` pages it),
 * during which the common and qts boxes and seq containers are held. Each page is applied as it comes:
 * channel updates are offered to their channel boxes, new messages and common updates delivered (the
 * difference is already in order), `differenceTooLong` reported as a gap. When the loop ends, what was
 * held and is not covered is applied; a failure retries after a backoff.
 *
 * @module
 */
import { positionOf } from './classify.js';
import { fetchDifference, type DifferencePage } from './difference.js';
import type { Mark } from './dispatch.js';
import type { RunnerDeps } from './runner-deps.js';

/** What the common runner works with. */
export interface CommonRunnerDeps extends RunnerDeps {
  /** False before the engine's start finished (the start asks the difference itself) and after close. */
  accepting: () => boolean;
}

/** Runs `updates.getDifference` for the common box, qts and seq. */
export class CommonDifferenceRunner {
  constructor(private readonly deps: CommonRunnerDeps) {}

  /** Starts a difference, or asks for one more after the running one. */
  request(): void {
    if (!this.deps.accepting()) return;
    const common = this.deps.boxes.common;
    if (common.diffing) {
      common.again = true;
      return;
    }
    void this.run();
  }

  private async run(): Promise<void> {
    const { boxes, gaps, applier } = this.deps;
    const { common, qts } = boxes;
    common.diffing = qts.diffing = true;
    common.again = false;
    gaps.cancelSeqWait();
    try {
      await fetchDifference(this.deps.invoke, () => boxes.snapshot(), (page) => this.applyPage(page));
      common.failures = 0;
    } catch (error) {
      if (this.deps.closed()) return;
      this.deps.dispatcher.error(error);
      gaps.retryLater(common);
    } finally {
      common.diffing = qts.diffing = false;
    }
    if (this.deps.closed()) return;
    common.drain(applier.apply);
    qts.drain(applier.apply);
    for (const b of gaps.takeSeqHeld()) applier.batch(b, 'push');
    if (common.held > 0) gaps.held(common);
    if (qts.held > 0) gaps.held(qts);
    if (common.again) this.request();
    this.deps.settled();
  }

  private applyPage(page: DifferencePage): void {
    if (this.deps.closed()) return;
    const { boxes, dispatcher, applier } = this.deps;
    if (page.kind === 'empty') {
      boxes.seq = page.seq;
      boxes.date = page.date;
      dispatcher.mark({ box: 'seq', seq: boxes.seq, date: boxes.date });
      return;
    }
    if (page.kind === 'tooLong') {
      const mark: Mark = { box: 'common', pts: page.pts };
      dispatcher.gap({ box: 'common', fromPts: boxes.common.pts, toPts: page.pts, dialog: undefined, messages: [], recoveredMessages: 0, historyComplete: false }, mark);
      boxes.common.pts = page.pts;
      return;
    }
    const b = page.batch;
    this.deps.seen.learn(b.users, b.chats);
    const boxless = page.state.seq > boxes.seq;
    for (const update of b.updates) {
      const pos = positionOf(update);
      if (pos && typeof pos.box === 'number') applier.offer(pos.box, pos.pts, pos.count, { update, batch: b, source: 'difference', box: pos.box });
      else if (pos || update._ === 'updateNewMessage' || update._ === 'updateMessageID') applier.deliver(update, { update, batch: b, source: 'difference', box: 'common' }, undefined, undefined);
      else if (update._ === 'updateChannelTooLong') applier.channelTooLong(update.channelId, update.pts);
      else if (boxless) applier.deliver(update, { update, batch: b, source: 'difference', box: 'common' }, undefined, undefined);
    }
    boxes.setCommon(page.state);
    dispatcher.mark({ box: 'common', pts: page.state.pts });
    dispatcher.mark({ box: 'qts', pts: page.state.qts });
    dispatcher.mark({ box: 'seq', seq: page.state.seq, date: page.state.date });
  }
}
