/**
 * Perfect Forward Secrecy: temporary keys bound to the permanent key (https://core.telegram.org/api/pfs).
 * @module
 */
export { TempKeyKeeper } from './temp-key-keeper.js';
export { resolvePfsOptions, DEFAULT_TEMP_KEY_LIFETIME, RENEW_AT_FRACTION } from './options.js';
export type { PfsOptions, ResolvedPfsOptions } from './options.js';
export { encodeBindRequest } from './bind-request.js';
export type { BindRequestParams } from './bind-request.js';
