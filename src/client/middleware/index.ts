/**
 * Client middlewares: the {@link Middleware} contract, composition, and the shipped ones.
 *
 * @module
 */
export type { InvokeOptions, Invoker, Middleware, PoolKind } from '../invoke/types.js';
export { sleepUntil } from '../invoke/sleep.js';
export { composeMiddlewares } from './compose.js';
export { floodWait, FLOOD_WAIT_TYPES, type FloodWaitInfo, type FloodWaitOptions } from './flood-wait.js';
export { retryInternal, isInternalServerError, type RetryInternalOptions } from './retry-internal.js';
export { rateLimit, type RateLimitOptions } from './rate-limit.js';
export { TokenBucket } from './token-bucket.js';
