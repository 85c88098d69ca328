/**
 * The `tgts/crypto` entry point: installs the Node platform, then exports `src/crypto`.
 * @module
 */
import '../platform/node/install.js';

export * from '../crypto/index.js';
