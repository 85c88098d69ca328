/**
 * The `tgts/storage/redis` entry point: installs the Node platform, then exports the Redis storage
 * of `src/storage/redis`. Needs the optional peer dependency `ioredis`; the core entry never imports it.
 * @module
 */
import '../platform/node/install.js';

export * from '../storage/redis/index.js';
