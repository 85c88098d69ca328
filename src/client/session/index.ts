/**
 * Session storages: what a client persists and where.
 *
 * @module
 */
export type { DcSession, SessionData, SessionStorage } from './types.js';
export { validateSessionData, AUTH_KEY_LENGTH } from './validate.js';
export { MemorySession } from './memory.js';
export { FileSession, type FileSessionOptions } from './file.js';
export { SqliteSession } from './sqlite.js';
export { StringSession } from './string.js';
export { ForeignSessionError, detectForeignSessionString, type ForeignSessionFormat, type ForeignSessionMatch } from './foreign.js';
