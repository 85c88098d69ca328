/**
 * The `tgts/transport` entry point: installs the Node platform, then exports `src/transport`
 * (codecs, obfuscation, `connect`) and its server half (`listen`, `listenWebSocket`).
 * @module
 */
import '../platform/node/install.js';

export * from '../transport/index.js';
export * from '../transport/server.js';
