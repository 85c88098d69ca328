/**
 * The server half of the transport layer: TCP and WebSocket listeners that detect the codec and
 * obfuscation of each client from its first bytes, and the HTTP transport listener. Node only (node:net, node:http, `ws`); the
 * client half (`index.ts`) reaches sockets through the platform.
 * @module
 */
export { listen } from './tcp.js';
export { listenWebSocket } from './websocket.js';
export { DEFAULT_INIT_TIMEOUT_MS } from './server-accept.js';
export { listenHttp, defaultHttpGroup, DEFAULT_HTTP_WAIT } from './http/server.js';
export type { ListenHttpOptions, HttpTransportHooks, HttpRequestFacts, HttpWait } from './http/server.js';
