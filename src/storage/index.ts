/**
 * Storage of a client: the repository contract (`types.ts`) and its implementations — in memory,
 * one JSON file, SQLite — plus the sessions of the first format (`FileSession`, `SqliteSession`,
 * `StringSession`, `MemorySession`) and the adapter that runs them as a {@link Storage}.
 * PostgreSQL and Redis implementations have their own entry points.
 *
 * @module
 */
export type * from './types.js';
export { MemoryStorage } from './memory.js';
export { FileStorage, type FileStorageOptions } from './file/storage.js';
export { SqliteStorage } from './sqlite/storage.js';
export { FileSession, type FileSessionOptions } from './file/session.js';
export { SqliteSession } from './sqlite/session.js';
export * from './session/index.js';
