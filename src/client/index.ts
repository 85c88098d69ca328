/**
 * The client layer: {@link Client}, its options, errors, middlewares, the tap, takeout, and the
 * storages it keeps its state in.
 *
 * @module
 */
export { Client, type UpdateHandler, type ClientDcs } from './client.js';
export type { Api, ApiCall } from './api.js';
export { ClientAuth, AuthFlowError, type AuthStatus, type UserSignInParams, type QrSignInParams } from './auth.js';
export type { ClientOptions, TransportChoice, DeviceInfo, Logger, ConnectionState } from './options.js';
export { PRODUCTION_DCS, TEST_DCS, PRODUCTION_PUBLIC_KEY, TEST_PUBLIC_KEY, DEFAULT_DC_ID, type DcAddress } from './builtin-dcs.js';
export type { ClientTap, TapMeta } from './tap.js';
export type { LoggedOutEvent, LoggedOutReason } from './lifecycle/logged-out.js';
export { TakeoutSession, startTakeout, withTakeout, type TakeoutScope } from './takeout/takeout.js';
export * from './errors.js';
export * from './middleware/index.js';
export * from './text/index.js';
export * from './messages/index.js';
export * from './peers/index.js';
export * from './files/file-id/index.js';
export * from './updates/index.js';
export * from './iterators/index.js';
export * from './router/index.js';
export * from './files/index.js';
