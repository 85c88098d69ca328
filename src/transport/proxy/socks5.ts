/**
 * SOCKS5 CONNECT as a client (RFC 1928), with username/password authentication (RFC 1929).
 * Targets are IPv4 (ATYP 01), IPv6 (04) or, when the proxy resolves names, a domain (03).
 * @module
 */
import { ProxyError } from '../errors.js';
import { utf8 } from '../../encoding.js';
import type { BytePipe } from '../pipe.js';
import { hostPort, parseIPv4, parseIPv6 } from './ip.js';
import { PipeReader } from './pipe-reader.js';

/** RFC 1928 §6 reply codes. */
const REPLIES: Record<number, string> = {
  0x01: 'general SOCKS server failure',
  0x02: 'connection not allowed by ruleset',
  0x03: 'network unreachable',
  0x04: 'host unreachable',
  0x05: 'connection refused',
  0x06: 'TTL expired',
  0x07: 'command not supported',
  0x08: 'address type not supported',
};

/** Credentials and target of one SOCKS5 CONNECT. */
export interface Socks5Request {
  /** IP literal, or a host name the proxy resolves. */
  host: string;
  port: number;
  username?: string;
  password?: string;
}

/** Encodes DST.ADDR with its ATYP byte. */
export function socks5Address(host: string): Uint8Array {
  const v4 = parseIPv4(host);
  if (v4) return Uint8Array.of(0x01, ...v4);
  const v6 = parseIPv6(host);
  if (v6) return Uint8Array.of(0x04, ...v6);
  const name = utf8(host);
  if (name.length < 1 || name.length > 255) throw new ProxyError('target', `host name '${host}' must be 1..255 bytes for SOCKS5`);
  return Uint8Array.of(0x03, name.length, ...name);
}

/**
 * Runs the SOCKS5 handshake on a fresh pipe to the proxy; resolves with the pipe, now a tunnel to
 * the target. Failures are `ProxyError` with the stage (`handshake`, `auth`, `target`) and, for
 * a refused CONNECT, the reply `code`.
 */
export async function socks5Connect(pipe: BytePipe, request: Socks5Request): Promise<BytePipe> {
  const who = `SOCKS5 proxy ${pipe.remote}`;
  const reader = new PipeReader(pipe, who);
  const withAuth = request.username !== undefined;
  pipe.write(withAuth ? Uint8Array.of(0x05, 0x02, 0x00, 0x02) : Uint8Array.of(0x05, 0x01, 0x00));
  const [version, method] = await reader.exactly(2, 'handshake', 'method selection');
  if (version !== 0x05) throw new ProxyError('handshake', `${who} is not a SOCKS5 proxy (version byte 0x${hex(version!)})`);
  if (method === 0xff) {
    throw new ProxyError('auth', withAuth ? `${who} accepts neither no authentication nor username/password` : `${who} requires authentication`);
  }
  if (method === 0x02) {
    if (!withAuth) throw new ProxyError('handshake', `${who} chose username/password authentication, which was not offered`);
    const user = utf8(request.username ?? '');
    const pass = utf8(request.password ?? '');
    if (user.length < 1 || user.length > 255 || pass.length > 255) throw new ProxyError('auth', 'SOCKS5 user name must be 1..255 bytes and password at most 255');
    pipe.write(Uint8Array.of(0x01, user.length, ...user, pass.length, ...pass));
    const [authVersion, status] = await reader.exactly(2, 'auth', 'username/password authentication');
    if (authVersion !== 0x01) throw new ProxyError('handshake', `${who}: bad username/password reply version 0x${hex(authVersion!)}`);
    if (status !== 0x00) throw new ProxyError('auth', `${who} rejected the user name or password`, { code: status });
  } else if (method !== 0x00) {
    throw new ProxyError('handshake', `${who} chose method 0x${hex(method!)}, which was not offered`);
  }

  const address = socks5Address(request.host);
  pipe.write(Uint8Array.of(0x05, 0x01, 0x00, ...address, request.port >> 8, request.port & 0xff));
  const head = await reader.exactly(5, 'target', 'CONNECT reply');
  if (head[0] !== 0x05) throw new ProxyError('handshake', `${who}: CONNECT reply has version 0x${hex(head[0]!)}`);
  if (head[1] !== 0x00) {
    const reason = REPLIES[head[1]!] ?? `reply code 0x${hex(head[1]!)}`;
    throw new ProxyError('target', `${who} could not reach ${hostPort(request.host, request.port)}: ${reason}`, { code: head[1] });
  }
  // BND.ADDR: the fifth byte is the first of the address (or the name length for ATYP 03).
  const atyp = head[3];
  const rest = atyp === 0x01 ? 3 + 2 : atyp === 0x04 ? 15 + 2 : atyp === 0x03 ? head[4]! + 2 : -1;
  if (rest < 0) throw new ProxyError('handshake', `${who}: CONNECT reply has address type 0x${hex(atyp!)}`);
  await reader.exactly(rest, 'target', 'CONNECT reply');
  return reader.release();
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
