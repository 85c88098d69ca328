/**
 * The server side of auth key creation (the test server uses it; clients never load it).
 * @module
 */
export { ServerKeyExchange } from './server.js';
export type { ServerAuthKeyResult, ServerExchangeStep, ServerKeyExchangeOptions, ServerRsaKey } from './server.js';
