/**
 * CDN DCs of a test cluster (spec/files.md §6): `TestCluster.start({ cdn: true })` starts one;
 * {@link startCdnDc} adds one to any world.
 * @module
 */
export { CdnDc, startCdnDc } from './cdn-dc.js';
export type { CdnDcOptions } from './cdn-dc.js';
export { CdnFaults } from './cdn-faults.js';
export { CdnRegistry } from './cdn-registry.js';
export type { CdnDcEntry } from './cdn-registry.js';
export { cdnChunkIv, cdnCrypt } from './cdn-crypto.js';
