/**
 * Starting and stopping a listening socket, shared by the TCP, WebSocket and HTTP listeners (Node only).
 * @module
 */
import type { Server } from 'node:net';
import { TransportError } from './errors.js';
import { formatRemote } from './tcp-pipe.js';
import type { Listener } from './types.js';

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

/** How long `Listener.close()` lets sockets flush before dropping them. */
export const CLOSE_GRACE_MS = 2000;

/** How a listener stops: `graceful` flushes and calls `finished` once everything is gone; `force` drops what is left. */
export interface ListenerShutdown {
  graceful(finished: () => void): void;
  force(): void;
}

/** The {@link Listener} of a bound server: `close()` runs `graceful` once, `force` after {@link CLOSE_GRACE_MS}. */
export function boundListener(address: { host: string; port: number }, connections: () => number, shutdown: ListenerShutdown): Listener {
  let closing: Promise<void> | undefined;
  return {
    address,
    get connections() {
      return connections();
    },
    close() {
      closing ??= new Promise<void>((done) => {
        const force = setTimeout(() => shutdown.force(), CLOSE_GRACE_MS);
        force.unref?.();
        shutdown.graceful(() => {
          clearTimeout(force);
          done();
        });
      });
      return closing;
    },
  };
}
