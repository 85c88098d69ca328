/**
 * A byte stream to a target, directly or through a SOCKS5 / HTTP CONNECT proxy. Everything above
 * (MTProto framing, obfuscation, WebSocket, the HTTP transport) runs on the returned pipe.
 * @module
 */
import type { DialScope } from '../dial-scope.js';
import { ProxyError, TransportError } from '../errors.js';
import type { BytePipe } from '../pipe.js';
import type { HttpProxyConfig, Socks5ProxyConfig } from './config.js';
import { httpConnect } from './http-connect.js';
import { hostPort } from './ip.js';
import { socks5Connect } from './socks5.js';

/** Opens a raw TCP connection within the scope (the platform's socket). */
export type TcpOpener = (host: string, port: number, scope: DialScope) => Promise<BytePipe>;

/** A proxy that tunnels streams. */
export type StreamProxy = Socks5ProxyConfig | HttpProxyConfig;

/** How a connection through `proxy` to `host:port` is named in errors and `ConnectionInfo.remote`. */
export function describeRoute(host: string, port: number, proxy?: { type: string; host: string; port: number }): string {
  const target = hostPort(host, port);
  return proxy ? `${target} via ${proxy.type} ${hostPort(proxy.host, proxy.port)}` : target;
}

/** Opens a stream to the proxy itself; a refusal there is `ProxyError('connect')`. */
export async function openToProxy(proxy: { type: string; host: string; port: number }, scope: DialScope, open: TcpOpener): Promise<BytePipe> {
  try {
    return await open(proxy.host, proxy.port, scope);
  } catch (err) {
    if (err instanceof TransportError && (err.kind === 'timeout' || err.kind === 'aborted')) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new ProxyError('connect', `cannot reach the ${proxy.type} proxy ${hostPort(proxy.host, proxy.port)}: ${detail}`, { cause: err });
  }
}

/** A stream to `host:port`, through `proxy` when given. */
export async function openStream(host: string, port: number, proxy: StreamProxy | undefined, scope: DialScope, open: TcpOpener): Promise<BytePipe> {
  if (!proxy) return open(host, port, scope);
  const pipe = await openToProxy(proxy, scope, open);
  const auth = {
    ...(proxy.username !== undefined ? { username: proxy.username } : {}),
    ...(proxy.password !== undefined ? { password: proxy.password } : {}),
  };
  if (proxy.type === 'http') return httpConnect(pipe, { host, port, ...auth });
  // Names go to the proxy as they are (ATYP 03): the core does no DNS of its own, and DC
  // addresses are IP literals anyway.
  return socks5Connect(pipe, { host, port, ...auth });
}
