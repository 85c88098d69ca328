/**
 * The optional AES-NI part of the C addon (loaded by ../native.ts). Any failure — not built,
 * wrong ABI, CPU without AES-NI, or TGTS_NO_NATIVE set — yields `undefined` and callers use
 * the pure implementation.
 */
import { nativeModule } from '../native.js';

/** Shape of the compiled addon's crypto functions (see native/src/addon.c). */
export interface NativeAddon {
  readonly aesni: boolean;
  igeEncrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array): void;
  igeDecrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array): void;
  /** OpenSSL's legacy AES_ige_encrypt from the node binary, when exported (benchmarks only). */
  opensslIge?(data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array, encrypt: boolean): void;
}

/** The loaded addon (even when the CPU lacks AES-NI, for `opensslIge`), or undefined. */
export const nativeAddon: NativeAddon | undefined =
  typeof nativeModule?.igeEncrypt === 'function' ? (nativeModule as unknown as NativeAddon) : undefined;

/** The addon, only if its AES-NI IGE may be used on this CPU. */
export const nativeIge: NativeAddon | undefined = nativeAddon?.aesni ? nativeAddon : undefined;
