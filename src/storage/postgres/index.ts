/**
 * Storages of accounts in a PostgreSQL database shared by many processes (`pg`, an optional peer
 * dependency): `tgts/postgres`.
 *
 * @module
 */
export { PostgresStorage, type PostgresStorageOptions } from './storage.js';
export { SCHEMA_VERSION as POSTGRES_SCHEMA_VERSION } from './schema.js';
export type { LeaseOptions } from '../lease/types.js';
