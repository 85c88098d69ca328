/**
 * tgts — a Telegram MTProto 2.0 client for users and bots.
 *
 * Start with {@link Client}; storages (`MemoryStorage`, `FileStorage`, `SqliteStorage`, the sessions of
 * the first format) are here too; TL types are in `tgts/tl`, the test server in `tgts/testing`.
 *
 * @module
 */
import './platform/node/install.js';

export * from './client/index.js';
export * from './storage/index.js';
export { LAYER } from './tl/generated/layer.js';
export type * as tl from './tl/index.js';
export { parseProxyUrl } from './transport/index.js';
export type { ProxyConfig, Socks5ProxyConfig, HttpProxyConfig, MtproxyConfig, MtproxySecret, ProxyStage } from './transport/index.js';
