/**
 * The `tgts/storage/postgres` entry point: installs the Node platform, then exports the PostgreSQL storage
 * of `src/storage/postgres`. Needs the optional peer dependency `pg`; the core entry never imports it.
 * @module
 */
import '../platform/node/install.js';

export * from '../storage/postgres/index.js';
