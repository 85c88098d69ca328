/**
 * Session storages of the first format (one blob with the auth keys and the account) and the
 * adapter that runs any of them as a {@link Storage}. The Node ones (`FileSession`,
 * `SqliteSession`) live with their new-format siblings in `../file` and `../sqlite`.
 *
 * @module
 */
export type { DcSession, SessionData, SessionStorage } from './types.js';
export { validateSessionData, AUTH_KEY_LENGTH } from './validate.js';
export { MemorySession } from './memory.js';
export { StringSession } from './string.js';
export { SessionStorageAdapter, storageFromSession } from './adapter.js';
export { sessionFromJson, sessionToJson, SESSION_FORMAT } from './json-v1.js';
export { ForeignSessionError, detectForeignSessionString, type ForeignSessionFormat, type ForeignSessionMatch } from './foreign.js';
