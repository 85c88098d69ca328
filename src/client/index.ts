/**
 * The client layer: {@link Client}, its options, errors, middlewares and session storages.
 *
 * @module
 */
export { Client } from './client.js';
export type { Api, ApiCall } from './api.js';
export { ClientAuth, AuthFlowError, type AuthStatus, type UserSignInParams, type QrSignInParams } from './auth.js';
export type { ClientOptions, TransportChoice, DeviceInfo, Logger, ConnectionState } from './options.js';
export { PRODUCTION_DCS, TEST_DCS, PRODUCTION_PUBLIC_KEY, TEST_PUBLIC_KEY, DEFAULT_DC_ID, type DcAddress } from './builtin-dcs.js';
export type { UpdateHandler } from './updates.js';
export * from './errors.js';
export * from './middleware/index.js';
export * from './session/index.js';
export * from './files/file-id/index.js';
