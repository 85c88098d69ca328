/**
 * The Node implementation of {@link PlatformNet}: `node:net` sockets and the `ws` package (or
 * the runtime's global WebSocket when `ws` is not installed).
 * @module
 */
import { connect as netConnect } from 'node:net';
import { withDeadline } from '../../transport/deadline.js';
import { TransportError } from '../../transport/errors.js';
import { TcpPipe, formatRemote } from '../../transport/tcp-pipe.js';
import { WebSocketPipe, type WebSocketLike } from '../../transport/ws-pipe.js';
import { loadWs } from '../../transport/ws-module.js';
import type { PlatformNet, PlatformSocket } from '../types.js';

/** Default connect timeout when the caller gives none. */
const DEFAULT_TIMEOUT_MS = 10_000;

function connectTcp(host: string, port: number, options: { signal?: AbortSignal; timeoutMs?: number; localAddress?: string }): Promise<PlatformSocket> {
  const what = `tcp ${formatRemote(host, port)}`;
  return withDeadline<PlatformSocket>(what, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.signal, (resolve, reject) => {
    const socket = netConnect(options.localAddress === undefined ? { host, port } : { host, port, localAddress: options.localAddress });
    const onConnect = (): void => {
      socket.off('error', onError);
      resolve(new TcpPipe(socket));
    };
    const onError = (err: Error): void => reject(new TransportError('connect-failed', `${what}: ${err.message}`, { cause: err }));
    socket.once('connect', onConnect);
    socket.once('error', onError);
    return () => {
      socket.off('connect', onConnect);
      socket.destroy();
    };
  });
}

async function connectWebSocket(
  url: string,
  options: { signal?: AbortSignal; timeoutMs?: number; maxMessageSize?: number; protocols?: readonly string[] },
): Promise<PlatformSocket> {
  const parsed = new URL(url);
  const remote = formatRemote(parsed.hostname.replace(/^\[|\]$/g, ''), Number(parsed.port || (parsed.protocol === 'wss:' ? 443 : 80)));
  const protocols = options.protocols ? [...options.protocols] : undefined;
  const ws = await loadWs();
  return withDeadline<PlatformSocket>(`websocket ${url}`, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.signal, (resolve, reject) => {
    let socket: WebSocketLike;
    if (ws) {
      socket = new ws.WebSocket(url, protocols, {
        perMessageDeflate: false,
        ...(options.maxMessageSize !== undefined ? { maxPayload: options.maxMessageSize } : {}),
      }) as unknown as WebSocketLike;
    } else if (typeof globalThis.WebSocket === 'function') {
      socket = new globalThis.WebSocket(url, protocols) as unknown as WebSocketLike;
    } else {
      throw new TransportError('connect-failed', 'no WebSocket implementation available (install the ws package)');
    }
    let open = false;
    socket.addEventListener('message', () => undefined);
    socket.addEventListener('error', (ev) => {
      if (open) return;
      const detail = ev.message ?? (ev.error instanceof Error ? ev.error.message : 'connection failed');
      reject(new TransportError('connect-failed', `websocket ${url}: ${detail}`, { cause: ev.error }));
    });
    socket.addEventListener('close', (ev) => {
      if (!open) reject(new TransportError('connect-failed', `websocket ${url}: closed during handshake (code ${ev.code})`));
    });
    (socket as unknown as { addEventListener(t: 'open', l: () => void): void }).addEventListener('open', () => {
      open = true;
      resolve(new WebSocketPipe(socket, remote));
    });
    return () => {
      if (socket.terminate) socket.terminate();
      else socket.close();
    };
  });
}

export const nodeNet: PlatformNet = { connectTcp, connectWebSocket };
