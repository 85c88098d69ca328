import type { PlatformSocket, SocketHandlers } from '../platform/types.js';

/** Callbacks a {@link BytePipe} reports to. */
export type PipeHandlers = SocketHandlers;

/**
 * Raw byte carrier under a connection (a TCP socket, or the binary messages of a WebSocket): the
 * platform's socket. Handlers can be swapped: the server first sniffs the init, then hands the
 * pipe to a connection; a proxy dialer runs its handshake, then hands it to the MTProto framing.
 */
export type BytePipe = PlatformSocket;

/** Presents a Node Buffer as a plain Uint8Array (so `.slice()` copies, as callers expect). */
export function plainBytes(data: Uint8Array): Uint8Array {
  return data.constructor === Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
