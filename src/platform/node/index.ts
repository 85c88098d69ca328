/**
 * The Node.js platform: node:crypto, node:zlib, node:net + `ws`, node:fs, the host's timers, and the C
 * addon's fast paths (AES-NI IGE, strict UTF-8) when built. Installed by the package entry
 * points (`tgts`, `tgts/tl`, `tgts/crypto`, `tgts/transport`, `tgts/testing`, the CLI).
 * @module
 */
import type { Platform } from '../types.js';
import { nodeCompression } from './compression.js';
import { nodeCrypto } from './crypto.js';
import { nodeFiles } from './files.js';
import { nativeModule } from './native.js';
import { nodeNet } from './net.js';

type NativeUtf8 = (bytes: Uint8Array, start: number, end: number) => string | undefined;
const nativeUtf8 = typeof nativeModule?.decodeUtf8 === 'function' ? (nativeModule.decodeUtf8 as NativeUtf8) : undefined;

export const nodePlatform: Platform = {
  name: `node ${process.versions.node}`,
  crypto: nodeCrypto,
  compression: nodeCompression,
  net: nodeNet,
  clock: {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  },
  // Measured (bench/tl.ts, Node 20): below 16 bytes Node's own utf8Slice is as fast or faster for
  // ASCII; from there the addon wins, by 1.5-4x once a string holds any non-ASCII character.
  text: nativeUtf8 ? { decodeUtf8: nativeUtf8, decodeUtf8MinBytes: 16 } : {},
  files: nodeFiles,
};

export { nativeAddon, nativeModule, ADDON_PATHS } from './native.js';
