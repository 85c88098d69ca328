/**
 * Loads the optional AES-NI addon (native/build/Release/tgts_crypto.node, built by
 * scripts/build-native.mjs). Any failure — not built, wrong ABI, CPU without AES-NI,
 * or TGTS_NO_NATIVE set — yields `undefined` and callers use the pure implementation.
 */
import { createRequire } from 'node:module';

/** Shape of the compiled addon (see native/src/addon.c). */
export interface NativeAddon {
  readonly aesni: boolean;
  igeEncrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array): void;
  igeDecrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array): void;
  /** OpenSSL's legacy AES_ige_encrypt from the node binary, when exported (benchmarks only). */
  opensslIge?(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array, encrypt: boolean): void;
}

// From src/crypto/ (tsx) or a bundled chunk in dist/chunks/ the package root is two levels up;
// from an entry file bundled at dist/ one level.
const CANDIDATES = ['../../native/build/Release/tgts_crypto.node', '../native/build/Release/tgts_crypto.node'];

function load(): NativeAddon | undefined {
  if (typeof process === 'undefined' || process.env?.TGTS_NO_NATIVE) return undefined;
  let require: NodeRequire;
  try {
    require = createRequire(import.meta.url);
  } catch {
    return undefined;
  }
  for (const path of CANDIDATES) {
    try {
      const addon = require(path) as NativeAddon;
      if (addon && typeof addon.igeEncrypt === 'function') return addon;
    } catch {
      // not built or not loadable here: try the next candidate / fall back
    }
  }
  return undefined;
}

/** The loaded addon (even when the CPU lacks AES-NI, for `opensslIge`), or undefined. */
export const nativeAddon: NativeAddon | undefined = load();

/** The addon, only if its AES-NI IGE may be used on this CPU. */
export const nativeIge: NativeAddon | undefined = nativeAddon?.aesni ? nativeAddon : undefined;
