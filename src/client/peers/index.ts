/**
 * Peer inputs without the network: what `client.peers.resolve(x)` accepts, classified, and Bot API ids.
 * @module
 */
export { parsePeer } from './parse.js';
export { usernameProblem } from './syntax.js';
export { toBotApiId, fromBotApiId, type BotApiPeerType } from './bot-api-ids.js';
export type { ParsedPeer, MessageLinkOptions } from './types.js';
export { PeerCache, toInputUser, toInputChannel } from './cache.js';
export { resolvePeer, peerOfInput, type PeerInput, type PeerContext } from './resolve.js';
export { peersRoom, resolveUser, resolveChannel, type PeersRoom } from './room.js';
export { peersIn } from './extract.js';
