/**
 * An MTProxy front for the test server (`tgts/testing`): plain, `dd` and `ee` (FakeTLS) secrets,
 * forwarding to test DCs.
 * @module
 */
export { MtproxyFront } from './front.js';
export type { MtproxyFrontOptions, MtproxyFrontStats } from './front.js';
export type { MtproxyRejectReason } from './tls-check.js';
export { parseClientHello, isGrease, ClientHelloError } from './client-hello-parser.js';
export type { ParsedClientHello } from './client-hello-parser.js';
