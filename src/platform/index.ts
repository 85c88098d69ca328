/**
 * The platform seam: what the core needs from the machine (see `types.ts`).
 * @module
 */
export type * from './types.js';
export { platform, setPlatform } from './current.js';
