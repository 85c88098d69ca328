/**
 * Errors shared by every layer: the RPC error returned by Telegram and the library's own failures.
 * Layer-specific decoding/crypto/transport errors live in their layers (`TlError`, `CryptoError`, `TransportError`).
 */
export * from './client/errors.js';
