/**
 * The client layer's errors are the shared ones of `src/errors.ts` (every layer may throw or pass them on).
 * @module
 */
export * from '../errors.js';
export { CryptoError, SecurityError } from '../crypto/errors.js';
export { TransportError, ProxyError } from '../transport/errors.js';
export { TlError } from '../tl/errors.js';
