/**
 * Peer inputs without the network: what `client.peers.resolve(x)` accepts, classified, and Bot API ids.
 * @module
 */
export { parsePeer } from './parse.js';
export { usernameProblem } from './syntax.js';
export { toBotApiId, fromBotApiId, type BotApiPeerType } from './bot-api-ids.js';
export type { ParsedPeer, MessageLinkOptions } from './types.js';
