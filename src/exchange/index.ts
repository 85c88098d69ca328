/**
 * Auth key creation over unencrypted messages (the client side), temporary keys and their
 * binding. The server side (`ServerKeyExchange`) is exported from `server-side.ts`: it needs the
 * host (prime generation) and no client loads it.
 * @packageDocumentation
 */
export { createAuthKey, innerDataDcId } from './client.js';
export type { AuthKeyResult, CreateAuthKeyOptions } from './client.js';
export { encryptBindMessage, decryptBindMessage, BIND_AUTH_KEY_INNER_ID } from './bind.js';
export type { BindAuthKeyInner, BindExpectation, BindMessageParams } from './bind.js';
export { encodePlainMessage, decodePlainMessage, PLAIN_HEADER_SIZE } from './plain-message.js';
export type { PlainMessage } from './plain-message.js';
export { KeyExchangeError } from './errors.js';
export type { KeyExchangeErrorKind } from './errors.js';
export type { ExchangeConnection } from './inbox.js';
export { createPlainMsgIdGenerator } from './msg-id.js';
export { authKeyIdOf } from './derive.js';
export { TELEGRAM_DH_PRIME, TELEGRAM_DH_G } from './dh-params.js';
