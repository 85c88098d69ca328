/**
 * The `tgts/sessions` entry point: installs the Node platform, then exports the converters of
 * `src/sessions`.
 * @module
 */
import '../platform/node/install.js';

export * from '../sessions/index.js';
