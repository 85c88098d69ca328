/**
 * The `tgts/tl` entry point: installs the Node platform, then exports `src/tl`.
 * @module
 */
import '../platform/node/install.js';

export * from '../tl/index.js';
