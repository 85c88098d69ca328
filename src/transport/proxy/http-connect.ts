/**
 * HTTP `CONNECT` tunnels (RFC 9110 §9.3.6) with optional basic authentication (RFC 7617).
 * @module
 */
import { toBase64, utf8 } from '../../encoding.js';
import { ProxyError } from '../errors.js';
import type { BytePipe } from '../pipe.js';
import { hostPort } from './ip.js';
import { PipeReader } from './pipe-reader.js';

/** Longest response head accepted from a proxy. */
const MAX_HEAD = 16 * 1024;
const CRLF2 = utf8('\r\n\r\n');

/** Target and credentials of one CONNECT. */
export interface HttpConnectRequest {
  host: string;
  port: number;
  username?: string;
  password?: string;
}

/** `Proxy-Authorization` value for basic auth. */
export function basicAuth(username: string, password: string): string {
  return `Basic ${toBase64(utf8(`${username}:${password}`))}`;
}

/**
 * Sends `CONNECT host:port` on a fresh pipe to the proxy and resolves with the tunnel once the
 * proxy answers 2xx. 407 is `ProxyError('auth')`; a proxy that does not understand CONNECT
 * (400, 405, 501) or answers garbage is `'handshake'`; any other status is `'target'`, with
 * the status as `code`.
 */
export async function httpConnect(pipe: BytePipe, request: HttpConnectRequest): Promise<BytePipe> {
  const who = `HTTP proxy ${pipe.remote}`;
  const target = hostPort(request.host, request.port);
  const reader = new PipeReader(pipe, who);
  let head = `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n`;
  if (request.username !== undefined) head += `Proxy-Authorization: ${basicAuth(request.username, request.password ?? '')}\r\n`;
  pipe.write(utf8(`${head}\r\n`));
  const response = new TextDecoder('latin1').decode(await reader.until(CRLF2, MAX_HEAD, 'handshake', 'CONNECT response'));
  const status = /^HTTP\/1\.[01] (\d{3})(?: ([^\r\n]*))?\r\n/.exec(response);
  if (!status) throw new ProxyError('handshake', `${who} did not answer with an HTTP status line: '${response.slice(0, 40).replace(/[\r\n]+/g, ' ')}'`);
  const code = Number(status[1]);
  const reason = status[2] ? ` ${status[2]}` : '';
  if (code >= 200 && code < 300) return reader.release();
  // 407 is the standard answer; some proxies (tinyproxy) send 401 instead.
  if (code === 407 || code === 401) throw new ProxyError('auth', `${who} requires valid credentials (${code}${reason})`, { code });
  if (code === 400 || code === 405 || code === 501) throw new ProxyError('handshake', `${who} does not accept CONNECT (${code}${reason})`, { code });
  throw new ProxyError('target', `${who} could not open a tunnel to ${target} (${code}${reason})`, { code });
}
