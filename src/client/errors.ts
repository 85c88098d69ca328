/**
 * The client layer's errors are the shared ones of `src/errors.ts` (every layer may throw or pass them on).
 * @module
 */
export * from '../errors.js';
