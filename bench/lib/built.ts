/**
 * The built package (`dist/`, what users import) for the benchmarks that run a client and a
 * server: measuring the TypeScript sources through the tsx loader would add the loader's
 * per-function helpers to every call. `bench/run.ts` calls `ensureBuilt()` (ensure-built.ts)
 * before any area; a standalone run of one area expects a current `npm run build`.
 * @module
 */
export { Client, MemorySession } from '../../dist/index.js';
export type { ClientOptions } from '../../dist/index.js';
export { MtproxyFront, TestServer } from '../../dist/testing/index.js';
export type { TestServerClientOptions } from '../../dist/testing/index.js';
