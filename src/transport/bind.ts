/**
 * Starting a listening socket, shared by the TCP, WebSocket and HTTP listeners (Node only).
 * @module
 */
import type { Server } from 'node:net';
import { TransportError } from './errors.js';
import { formatRemote } from './tcp-pipe.js';

/** Listens on `host:port` (0: a free port); resolves with the bound port. A failure is `TransportError('socket')` naming `what`. */
export function bindServer(server: Server, host: string, port: number, what: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onError = (err: Error): void =>
      reject(new TransportError('socket', `${what} listen on ${formatRemote(host, port)}: ${err.message}`, { cause: err }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}
