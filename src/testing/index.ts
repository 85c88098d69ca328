/**
 * tgts test server: `TestServer` (one DC) and `TestCluster` (several DCs sharing one simulated
 * Telegram), fault injection, and the handler contract for custom methods.
 * @packageDocumentation
 */
import '../platform/node/install.js';

export { TestServer } from './server/test-server.js';
export { TestCluster } from './cluster.js';
export type { TestClusterOptions } from './cluster.js';
export type { TestServerOptions, TestServerClientOptions, TestServerStats, TestDcAddress } from './server/options.js';
export { TestServerError } from './server/errors.js';
export { FaultInjector } from './server/faults.js';
export type { DropOptions, MigrateErrorType } from './server/faults.js';
export type { ServerClock } from './server/clock.js';
export type { ServerLogger } from './server/internals.js';
export type { RequestContext, MethodHandler, HandlerRegistry } from './context.js';
export { DATA_FILE_NAME, FORMAT_MARKER, FORMAT_VERSION } from './persistence/sqlite-store.js';
export * from './world/index.js';
export { generateRsaKeyPair, computeSrpVerifierSync } from './crypto/node-crypto.js';
export { MtproxyFront } from './mtproxy/index.js';
export type { MtproxyFrontOptions, MtproxyFrontStats, MtproxyRejectReason } from './mtproxy/index.js';
export { CdnDc, CdnFaults, startCdnDc, cdnChunkIv, cdnCrypt } from './cdn/index.js';
export type { CdnDcOptions } from './cdn/index.js';
