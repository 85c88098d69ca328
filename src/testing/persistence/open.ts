/**
 * Loading a world from a data file and attaching the file's commits to it (shared by
 * `TestServer` and `TestCluster`).
 * @module
 */
import { TestServerError } from '../server/errors.js';
import type { ServerLogger } from '../server/internals.js';
import { World, createWorld } from '../world/index.js';
import type { WorldOptions } from '../world/index.js';
import { DurableState } from './durable-state.js';
import type { TestServerStore } from './sqlite-store.js';

/** The world stored in `store`, or a new one when there is none (or no store). */
export function loadWorld(store: TestServerStore | undefined, options: WorldOptions): World {
  const rows = store?.loadWorldRows();
  if (!rows) return createWorld(options);
  try {
    return World.fromRows(rows, options);
  } catch (err) {
    throw new TestServerError(`stored world is invalid: ${(err as Error).message}`, store?.file, { cause: err });
  }
}

/** Starts committing to `store`; a world the file does not hold yet (new, or given by the caller) is written whole first. */
export function openDurable(store: TestServerStore, world: World | undefined, logger: Pick<ServerLogger, 'error'>): DurableState {
  if (world && store.counts().worldRows === 0) store.transaction(() => store.writeWorldRows(world.rows()));
  return new DurableState(store, world, logger);
}
