/**
 * Loads the optional C addon (native/build/Release/tgts_crypto.node, built by
 * scripts/build-native.mjs) once: AES-NI AES-IGE and strict UTF-8 decoding. Any failure — not
 * built, wrong ABI, or TGTS_NO_NATIVE set — yields `undefined` and the platform offers no fast
 * path (the core keeps its pure TypeScript ones). Each user checks that the functions it needs
 * exist (an older build may lack newer ones).
 * @module
 */
import { createRequire } from 'node:module';

/**
 * Where the addon is looked for, relative to the module that loads it: from src/platform/node
 * (tsx) the package root is three levels up; from an entry bundled at dist/ one level, from
 * dist/chunks/ or dist/<area>/ two.
 */
export const ADDON_PATHS: readonly string[] = [
  '../native/build/Release/tgts_crypto.node',
  '../../native/build/Release/tgts_crypto.node',
  '../../../native/build/Release/tgts_crypto.node',
];

function load(): Readonly<Record<string, unknown>> | undefined {
  if (process.env.TGTS_NO_NATIVE) return undefined;
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

/** Shape of the compiled addon's crypto functions (see native/src/addon.c). */
export interface NativeAddon {
  readonly aesni: boolean;
  igeEncrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array): void;
  igeDecrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array): void;
  /** OpenSSL's legacy AES_ige_encrypt from the node binary, when exported (benchmarks only). */
  opensslIge?(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array, encrypt: boolean): void;
  /** AES-256-CTR stream: round keys and counter into `state` (273 bytes); present only with AES-NI. */
  ctrInit?(key: Uint8Array, iv: Uint8Array, state: Uint8Array): void;
  /** XORs the stream's next `data.length` keystream bytes into `data`, in place. */
  ctrXor?(state: Uint8Array, data: Uint8Array): void;
  decodeUtf8?(bytes: Uint8Array, start: number, end: number): string | undefined;
  /** Off-thread SHA-256 (thread pool); present only with AES-NI and OpenSSL's SHA-256 found. */
  sha256Async?(data: Uint8Array, digest: Uint8Array, done: (err: Error | null) => void): void;
  /** Off-thread AES-256-IGE, then SHA-256(prefix ‖ out) into digest when given. */
  igeAsync?(
    encrypt: boolean,
    data: Uint8Array,
    key: Uint8Array,
    iv: Uint8Array,
    out: Uint8Array,
    prefix: Uint8Array | null,
    digest: Uint8Array | null,
    done: (err: Error | null) => void,
  ): void;
}

/** The loaded addon (even when the CPU lacks AES-NI, for `opensslIge`), or undefined. */
export const nativeAddon: NativeAddon | undefined =
  typeof nativeModule?.igeEncrypt === 'function' ? (nativeModule as unknown as NativeAddon) : undefined;
