/**
 * The invoke contract and the helpers of the pipeline.
 *
 * @module
 */
export type { InvokeOptions, Invoker, Middleware, PoolKind } from './types.js';
export { sleepUntil } from './sleep.js';
export { withDeadline, bounded, callNext } from './call.js';
