/**
 * The updates engine (`client.updates`): gap-free, ordered, exactly-once delivery of Telegram updates.
 *
 * @module
 */
export { ClientUpdates } from './updates.js';
export { UpdatesEngine, type EngineDeps } from './engine.js';
export { positionOf, type BoxKey, type BoxPosition } from './classify.js';
export type { EngineClock } from './wakeup.js';
export type * from './types.js';
