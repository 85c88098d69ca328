/**
 * Loads the optional C addon (native/build/Release/tgts_crypto.node, built by
 * scripts/build-native.mjs) once, for every layer that has a fast path in it: AES-IGE in
 * `crypto/`, UTF-8 decoding in `tl/`. Any failure — not built, wrong ABI, or TGTS_NO_NATIVE
 * set — yields `undefined` and callers keep their pure TypeScript paths. Each caller checks
 * that the functions it needs exist (an older build may lack newer ones).
 * @module
 */
import { createRequire } from 'node:module';

/**
 * Where the addon is looked for, relative to the module that loads it: from src/ (tsx) or an entry
 * bundled at dist/ the package root is one level up; from a bundled chunk in dist/chunks/ or an
 * entry in dist/<area>/ two levels.
 */
export const ADDON_PATHS: readonly string[] = ['../native/build/Release/tgts_crypto.node', '../../native/build/Release/tgts_crypto.node'];

function load(): Readonly<Record<string, unknown>> | undefined {
  if (typeof process === 'undefined' || process.env?.TGTS_NO_NATIVE) return undefined;
  let require: NodeRequire;
  try {
    require = createRequire(import.meta.url);
  } catch {
    return undefined;
  }
  for (const path of ADDON_PATHS) {
    try {
      const addon = require(path) as unknown;
      if (typeof addon === 'object' && addon !== null) return addon as Record<string, unknown>;
    } catch {
      // not built or not loadable here: try the next candidate / fall back
    }
  }
  return undefined;
}

/** The addon's exports as loaded, or undefined; callers check for the functions they use. */
export const nativeModule: Readonly<Record<string, unknown>> | undefined = load();
