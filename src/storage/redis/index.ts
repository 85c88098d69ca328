/**
 * Storages of accounts in a Redis server shared by many processes (`ioredis`, an optional peer
 * dependency): `tgts/redis`.
 *
 * @module
 */
export { RedisStorage, REDIS_SCHEMA_VERSION, type RedisStorageOptions } from './storage.js';
export type { LeaseOptions } from '../lease/types.js';
