/**
 * Where every box stands: the common pts, qts, seq and date, and one {@link PtsBox} per tracked channel.
 * Pure data shared by the engine's parts; the rules of one box live in `box.ts`.
 *
 * @module
 */
import type { CommonUpdatesState } from '../../storage/types.js';
import type { Update } from '../../tl/index.js';
import { PtsBox } from './box.js';
import type { BoxKey } from './classify.js';
import type { ChannelMark } from './dispatch.js';
import type { Batch } from './normalize.js';
import type { UpdateSource, UpdatesStateSnapshot } from './types.js';

/** An update offered to a box (held until its turn), with the container it came in. */
export interface BoxedUpdate {
  /** `undefined` for a position move without an update (an `affected*` result). */
  update: Update | undefined;
  batch: Batch;
  source: UpdateSource;
  box: BoxKey;
}

/** The engine's boxes. */
export class BoxSet {
  readonly common: PtsBox<BoxedUpdate> = new PtsBox('common');
  readonly qts: PtsBox<BoxedUpdate> = new PtsBox('qts');
  seq = 0;
  date = 0;
  readonly channels = new Map<number, PtsBox<BoxedUpdate>>();

  /** The box of `key`; a channel seen for the first time gets a box without a position. */
  get(key: BoxKey): PtsBox<BoxedUpdate> {
    if (key === 'common') return this.common;
    if (key === 'qts') return this.qts;
    let box = this.channels.get(key);
    if (!box) this.channels.set(key, (box = new PtsBox(key)));
    return box;
  }

  /** Starts `channelId` at `pts` (and its stored top message) unless it already has a position; true when it did. */
  startChannel(channelId: number, pts: number, topMessageId = 0): boolean {
    if (this.channels.get(channelId)?.pts !== undefined) return false;
    this.channels.set(channelId, new PtsBox(channelId, pts, topMessageId));
    return true;
  }

  /** The position to commit for channel `channelId` at `pts`, with its top delivered message. */
  channelMark(channelId: number, pts: number): ChannelMark {
    const top = this.channels.get(channelId)?.topMessageId ?? 0;
    return top > 0 ? { box: channelId, pts, topMessageId: top } : { box: channelId, pts };
  }

  /** Replaces the common positions (a stored state, `updates.getState`, a difference's state). */
  setCommon(s: CommonUpdatesState): void {
    this.common.pts = s.pts;
    this.qts.pts = s.qts;
    this.seq = s.seq;
    this.date = s.date;
  }

  /** Positions now. */
  snapshot(): UpdatesStateSnapshot {
    const channels = new Map<number, number>();
    for (const [id, box] of this.channels) if (box.pts !== undefined) channels.set(id, box.pts);
    return { pts: this.common.pts ?? 0, qts: this.qts.pts ?? 0, date: this.date, seq: this.seq, channels };
  }
}
