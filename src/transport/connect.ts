import { createCodec } from './codecs/index.js';
import type { CodecName } from './codecs/types.js';
import { DEFAULT_MAX_FRAME_SIZE } from './codecs/types.js';
import { runDial } from './dial-scope.js';
import type { DialScope } from './dial-scope.js';
import { FramedConnection } from './framed-connection.js';
import { HttpClientConnection } from './http/client.js';
import { openMtproxy } from './mtproxy/dial.js';
import { createObfuscatedInit, encodeDcIdField } from './obfuscated2.js';
import { validateTransportOptions } from './options.js';
import type { BytePipe } from './pipe.js';
import { resolveProxy } from './proxy/config.js';
import type { ResolvedProxy } from './proxy/config.js';
import { hostPort } from './proxy/ip.js';
import { describeRoute, openStream } from './proxy/tunnel.js';
import type { StreamProxy, TcpOpener } from './proxy/tunnel.js';
import { upgradeToWebSocket } from './proxy/websocket-tunnel.js';
import { TransportError } from './errors.js';
import { platform } from '../platform/current.js';
import type { ConnectOptions, PacketConnection } from './types.js';
import { DEFAULT_WS_PATH, WS_MESSAGE_SLACK, WS_SUBPROTOCOL } from './ws-constants.js';

/** Default connect timeout. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The platform's TCP socket (to the server or to the proxy), owned by the attempt. */
function tcpOpener(localAddress: string | undefined): TcpOpener {
  return async (host, port, scope) =>
    scope.own(
      await platform().net.connectTcp(host, port, {
        timeoutMs: scope.remainingMs(),
        signal: scope.signal,
        ...(localAddress !== undefined ? { localAddress } : {}),
      }),
    );
}

/** Where a WebSocket through a tunnel goes: `url` (ws:// only: TLS over a tunnel is not available) or host, port and path. */
function tunnelTarget(opts: ConnectOptions): { host: string; port: number; path: string } {
  if (opts.url === undefined) return { host: opts.host, port: opts.port, path: opts.path ?? DEFAULT_WS_PATH };
  const u = new URL(opts.url);
  if (u.protocol !== 'ws:') {
    throw new TransportError('invalid-options', `url: ${u.protocol}// through a SOCKS5 or CONNECT proxy is not supported (TLS over a tunnel); use ws:// or TCP`);
  }
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  return { host, port: u.port === '' ? 80 : Number(u.port), path: `${u.pathname}${u.search}` };
}

/**
 * Connects to an MTProto server and returns a ready {@link PacketConnection}. The codec tag or the
 * obfuscated2 init is written immediately. With `proxy`, the proxy handshake (SOCKS5, CONNECT,
 * MTProxy with FakeTLS) runs first; the connect timeout and the signal bound every step. Rejects
 * with `TransportError` (`invalid-options`, `connect-failed`, `timeout`, `aborted`) or
 * `ProxyError` (stage `connect`, `auth`, `handshake`, `target`).
 */
export async function connect(opts: ConnectOptions): Promise<PacketConnection> {
  validateTransportOptions(opts);
  const proxy = opts.proxy === undefined ? undefined : resolveProxy(opts.proxy);
  if (proxy?.type === 'mtproxy' && opts.type !== 'tcp') {
    throw new TransportError('invalid-options', `an MTProxy carries TCP only, not ${opts.type === 'http' ? 'the HTTP transport' : 'WebSocket'}`);
  }
  if (proxy && proxy.type !== 'mtproxy' && opts.type === 'websocket') tunnelTarget(opts); // refuses what cannot tunnel, before dialling
  const route = describeRoute(opts.host, opts.port, proxy);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return runDial(
    `${opts.type} ${route}`,
    timeoutMs,
    opts.signal,
    (scope) => dial(opts, proxy, route, scope),
    (conn) => conn.close(),
  );
}

async function dial(opts: ConnectOptions, proxy: ResolvedProxy | undefined, remote: string, scope: DialScope): Promise<PacketConnection> {
  const maxFrameSize = opts.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
  const streamProxy: StreamProxy | undefined = proxy?.type === 'mtproxy' ? undefined : proxy;
  const openTcpInScope = tcpOpener(opts.localAddress);
  if (opts.type === 'http') {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const openOne = (s: DialScope): Promise<BytePipe> => openStream(opts.host, opts.port, streamProxy, s, openTcpInScope);
    const first = await openOne(scope);
    return new HttpClientConnection(first, {
      hostHeader: hostPort(opts.host, opts.port),
      open: () => runDial(`http ${remote}`, timeoutMs, undefined, openOne, (p) => p.close(false)),
      ...(opts.httpSockets !== undefined ? { maxSockets: opts.httpSockets } : {}),
      maxFrameSize,
      info: { codec: 'http', obfuscated: false, dcId: opts.dcId, type: 'http', remote },
    });
  }

  let pipe: BytePipe;
  let codecName: CodecName = opts.codec;
  let secret = opts.proxySecret;
  let obfuscated = opts.obfuscated;
  if (proxy?.type === 'mtproxy') {
    const mtproxy = await openMtproxy(proxy, opts.codec, scope, openTcpInScope);
    ({ pipe, codec: codecName, key: secret } = mtproxy);
    obfuscated = true;
  } else if (opts.type === 'tcp') {
    pipe = await openStream(opts.host, opts.port, streamProxy, scope, openTcpInScope);
  } else if (!streamProxy) {
    const url = opts.url ?? `ws://${hostPort(opts.host, opts.port)}${opts.path ?? DEFAULT_WS_PATH}`;
    pipe = scope.own(
      await platform().net.connectWebSocket(url, {
        timeoutMs: scope.remainingMs(),
        signal: scope.signal,
        maxMessageSize: maxFrameSize + WS_MESSAGE_SLACK,
        protocols: [WS_SUBPROTOCOL],
      }),
    );
  } else {
    const target = tunnelTarget(opts);
    const tunnel = await openStream(target.host, target.port, streamProxy, scope, openTcpInScope);
    pipe = await upgradeToWebSocket(tunnel, {
      ...target,
      protocol: WS_SUBPROTOCOL,
      maxMessageSize: maxFrameSize + WS_MESSAGE_SLACK,
    });
  }

  const codec = createCodec(codecName, { side: 'client', maxFrameSize });
  const info = { codec: codecName, obfuscated, dcId: opts.dcId, type: opts.type, remote: proxy ? remote : pipe.remote };
  if (!obfuscated) return new FramedConnection(pipe, { codec, info, preamble: codec.tag });
  const obf = createObfuscatedInit({ protocolTag: codec.protocolTag as Uint8Array, dcId: encodeDcIdField(opts.dcId, opts.testMode), secret });
  return new FramedConnection(pipe, { codec, info, preamble: obf.header, encrypt: obf.encrypt, decrypt: obf.decrypt });
}
