import { createServer, type Socket } from 'node:net';
import { TransportError } from './errors.js';
import { acceptConnection } from './server-accept.js';
import { TcpPipe, formatRemote } from './tcp-pipe.js';
import type { Listener, ListenOptions, PacketConnection } from './types.js';

/** How long `Listener.close()` lets sockets flush before dropping them. */
export const CLOSE_GRACE_MS = 2000;

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
  return new Promise<Listener>((resolve, reject) => {
    const onError = (err: Error): void =>
      reject(new TransportError('socket', `tcp listen on ${formatRemote(host, opts.port ?? 0)}: ${err.message}`, { cause: err }));
    server.once('error', onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', onError);
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
      let closing: Promise<void> | undefined;
      resolve({
        address: { host, port },
        get connections() {
          return sockets.size;
        },
        close() {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            const force = setTimeout(() => {
              for (const s of sockets) s.destroy();
            }, CLOSE_GRACE_MS);
            force.unref();
            // Flush then close every socket; the server callback fires once the last one is gone.
            for (const s of sockets) s.end(() => s.destroy());
            if (sockets.size === 0) clearTimeout(force);
            server.once('close', () => clearTimeout(force));
          });
          return closing;
        },
      });
    });
  });
}
