/**
 * The platform the core runs on. The `tgts` entry point installs the Node platform before
 * anything else runs; another entry (browser, Deno) installs its own. Core modules call
 * {@link platform} when they need the machine and never import `node:` modules.
 *
 * @module
 */
import type { Platform } from './types.js';

let current: Platform | undefined;

/** Installs the platform (an entry point does this once, at import). */
export function setPlatform(p: Platform): void {
  current = p;
}

/** The installed platform; throws when no entry point installed one. */
export function platform(): Platform {
  if (current === undefined) {
    throw new Error('tgts: no platform installed (import tgts from its package entry point, e.g. "tgts", not from an internal module)');
  }
  return current;
}
