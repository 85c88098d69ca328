import type { IncomingMessage } from 'node:http';
import type { WebSocket as WsSocket, WebSocketServer as WsServer } from 'ws';
import { TransportError } from './errors.js';
import { bindServer, boundListener } from './bind.js';
import { acceptConnection } from './server-accept.js';
import { formatRemote } from './tcp-pipe.js';
import type { Listener, ListenWebSocketOptions, PacketConnection } from './types.js';
import { WebSocketPipe, type WebSocketLike } from './ws-pipe.js';
import { DEFAULT_MAX_FRAME_SIZE } from './codecs/types.js';
import { DEFAULT_WS_PATH, WS_MESSAGE_SLACK, WS_SUBPROTOCOL } from './ws-constants.js';
import { loadWs } from './ws-module.js';

/**
 * Listens for MTProto clients over WebSocket (`ws` package; path default `/apiws`, subprotocol
 * `binary`). Binary messages are stream chunks; every codec with or without obfuscation is accepted.
 */
export async function listenWebSocket(
  opts: ListenWebSocketOptions,
  onConnection: (conn: PacketConnection) => void,
): Promise<Listener> {
  const wsMod = await loadWs();
  if (!wsMod) throw new TransportError('socket', 'listenWebSocket needs the ws package');
  const host = opts.host ?? '127.0.0.1';
  const path = opts.path ?? DEFAULT_WS_PATH;
  // Loaded here, not at import: a client (TCP or WebSocket) never needs node:http.
  const { createServer } = await import('node:http');
  const http = createServer();
  const wss: WsServer = new wsMod.WebSocketServer({
    server: http,
    path,
    perMessageDeflate: false,
    maxPayload: (opts.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE) + WS_MESSAGE_SLACK,
    handleProtocols: (protocols: Set<string>) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
  });
  const sockets = new Set<WsSocket>();
  wss.on('connection', (socket: WsSocket, req: IncomingMessage) => {
    const remote = formatRemote(req.socket.remoteAddress, req.socket.remotePort);
    if (opts.maxConnections !== undefined && sockets.size >= opts.maxConnections) {
      socket.terminate();
      opts.onRejected?.(new TransportError('too-many-connections', `websocket ${remote}: ${opts.maxConnections} connections are open`), remote);
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    acceptConnection(new WebSocketPipe(socket as unknown as WebSocketLike, remote), opts, onConnection);
  });
  // Errors are reported per socket; the server-level event only needs a listener so it never throws.
  wss.on('error', () => undefined);

  const port = await bindServer(http, host, opts.port ?? 0, 'websocket');
  return boundListener({ host, port }, () => sockets.size, {
    graceful(finished) {
      for (const s of sockets) s.close(1001, 'server shutting down');
      wss.close(() => {
        http.close(() => finished());
        http.closeAllConnections();
      });
    },
    force() {
      for (const s of sockets) s.terminate();
    },
  });
}
