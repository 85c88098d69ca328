/**
 * What both difference runners (`common-runner.ts`, `channel-runner.ts`) work with: the engine's boxes,
 * peers, delivery and gap holds, and its lifecycle.
 *
 * @module
 */
import type { Invoker } from '../invoke/types.js';
import type { UpdateApplier } from './applier.js';
import type { BoxSet } from './box-set.js';
import type { Dispatcher } from './dispatch.js';
import type { GapHolds } from './gaps.js';
import type { SeenPeers } from './seen.js';

/** The engine parts a difference runner reads and drives. */
export interface RunnerDeps {
  invoke: Invoker;
  boxes: BoxSet;
  seen: SeenPeers;
  dispatcher: Dispatcher;
  applier: UpdateApplier;
  gaps: GapHolds;
  closed: () => boolean;
  /** Something may have settled: a loop ended (`sync()` waiters). */
  settled: () => void;
}
