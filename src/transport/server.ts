/**
 * The server half of the transport layer: TCP and WebSocket listeners that detect the codec and
 * obfuscation of each client from its first bytes. Node only (node:net, node:http, `ws`); the
 * client half (`index.ts`) reaches sockets through the platform.
 * @module
 */
export { listen } from './tcp.js';
export { listenWebSocket } from './websocket.js';
export { DEFAULT_INIT_TIMEOUT_MS } from './server-accept.js';
