/**
 * Positions whose updates every handler has seen (the {@link Dispatcher} commits them after delivery),
 * handed to the {@link StatePersister} and written `persistDelayMs` later, coalesced: a restart resumes
 * from what was delivered, never from what was only received.
 *
 * @module
 */
import type { CommonUpdatesState } from '../../storage/types.js';
import type { Mark } from './dispatch.js';
import type { StatePersister } from './persist.js';
import type { EngineClock, Wakeup } from './wakeup.js';

/** What the delivered positions work with. */
export interface DeliveredPositionsDeps {
  persister: StatePersister;
  clock: EngineClock;
  wakeup: Wakeup;
  persistDelayMs: number;
  closed: () => boolean;
}

/** The delivered common state and the write deadline. */
export class DeliveredPositions {
  private readonly delivered: CommonUpdatesState = { pts: 0, qts: 0, date: 0, seq: 0 };
  private persistAt = 0;

  constructor(private readonly deps: DeliveredPositionsDeps) {}

  /** Where delivery starts (the loaded or fetched state). */
  reset(s: CommonUpdatesState): void {
    Object.assign(this.delivered, s);
  }

  /** A position whose updates were all delivered: it goes to storage (coalesced). */
  commit(mark: Mark): void {
    const { persister } = this.deps;
    if (mark.box === 'common') this.delivered.pts = mark.pts;
    else if (mark.box === 'qts') this.delivered.qts = mark.pts;
    else if (mark.box === 'seq') {
      this.delivered.seq = mark.seq;
      this.delivered.date = mark.date;
    } else if (mark.pts < 0) persister.deleteChannel(mark.box);
    else persister.setChannel(mark.box, mark.pts, mark.topMessageId ?? 0);
    if (typeof mark.box !== 'number') persister.setCommon(this.delivered);
    if (this.persistAt === 0 && !this.deps.closed()) {
      this.persistAt = this.deps.clock.now() + this.deps.persistDelayMs;
      this.deps.wakeup.request(this.persistAt);
    }
  }

  /** The timer fired: writes when the delay is over, else re-arms. */
  due(now: number): void {
    if (this.persistAt === 0) return;
    if (this.persistAt <= now) {
      this.persistAt = 0;
      void this.deps.persister.flush();
    } else this.deps.wakeup.request(this.persistAt);
  }
}
