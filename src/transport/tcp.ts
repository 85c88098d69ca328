import { createServer, type Socket } from 'node:net';
import { boundListener, bindServer } from './bind.js';
import { TransportError } from './errors.js';
import { acceptConnection } from './server-accept.js';
import { TcpPipe, formatRemote } from './tcp-pipe.js';
import type { Listener, ListenOptions, PacketConnection } from './types.js';

export { CLOSE_GRACE_MS } from './bind.js';

/** Drops a socket over the connection limit at once (no bytes read, nothing buffered). */
function refuse(socket: Socket, opts: ListenOptions): void {
  const remote = formatRemote(socket.remoteAddress, socket.remotePort);
  socket.on('error', () => undefined);
  socket.destroy();
  opts.onRejected?.(new TransportError('too-many-connections', `tcp ${remote}: ${opts.maxConnections} connections are open`), remote);
}

/**
 * Listens for MTProto clients over TCP. Every codec is accepted, with or without obfuscation; the
 * transport is detected from the first bytes. `onConnection` gets each connection once detected.
 */
export function listen(opts: ListenOptions, onConnection: (conn: PacketConnection) => void): Promise<Listener> {
  const host = opts.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    if (opts.maxConnections !== undefined && sockets.size >= opts.maxConnections) {
      refuse(socket, opts);
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    acceptConnection(new TcpPipe(socket), opts, onConnection);
  });
  return bindServer(server, host, opts.port ?? 0, 'tcp').then((port) =>
    boundListener({ host, port }, () => sockets.size, {
      graceful(finished) {
        // Flush then close every socket; the server callback fires once the last one is gone.
        server.close(() => finished());
        for (const s of sockets) s.end(() => s.destroy());
      },
      force() {
        for (const s of sockets) s.destroy();
      },
    }),
  );
}
