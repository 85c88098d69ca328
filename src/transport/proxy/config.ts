/**
 * Proxy settings as typed data, and the URL forms people paste:
 * `socks5://user:pass@host:port` (also `socks5h://`; either way the proxy resolves host names), `http://user:pass@host:port` (CONNECT),
 * `tg://proxy?server=…&port=…&secret=…`, `https://t.me/proxy?…`, `tg://socks?…`, `https://t.me/socks?…`.
 * Link formats: https://core.telegram.org/api/links#proxy-links
 * @module
 */
import { utf8 } from '../../encoding.js';
import { TransportError } from '../errors.js';
import { parseMtproxySecret } from '../mtproxy/secret.js';
import type { MtproxySecret } from '../mtproxy/secret.js';

/** A SOCKS5 proxy (RFC 1928), with optional username/password (RFC 1929). */
export interface Socks5ProxyConfig {
  type: 'socks5';
  host: string;
  port: number;
  username?: string;
  password?: string;
}

/** An HTTP proxy reached with `CONNECT` (RFC 9110 §9.3.6), with optional basic auth. */
export interface HttpProxyConfig {
  type: 'http';
  host: string;
  port: number;
  username?: string;
  password?: string;
}

/** An MTProxy; `secret` as text (hex or base64) or decoded. */
export interface MtproxyConfig {
  type: 'mtproxy';
  host: string;
  port: number;
  secret: string | MtproxySecret;
}

/** Any proxy a connection can go through. */
export type ProxyConfig = Socks5ProxyConfig | HttpProxyConfig | MtproxyConfig;

/** {@link ProxyConfig} after checks: an MTProxy secret is decoded. */
export type ResolvedProxy = Socks5ProxyConfig | HttpProxyConfig | (Omit<MtproxyConfig, 'secret'> & { secret: MtproxySecret });

function bad(part: string, message: string): never {
  throw new TransportError('invalid-options', `proxy ${part}: ${message}`);
}

const LINK_HOSTS = new Set(['t.me', 'telegram.me', 'telegram.dog', 'www.t.me']);

/**
 * Parses a proxy URL or Telegram proxy link into a {@link ProxyConfig}. Throws
 * `TransportError('invalid-options')` whose message names the wrong part (scheme, host, port,
 * secret, user, …).
 */
export function parseProxyUrl(url: string): ProxyConfig {
  if (typeof url !== 'string' || url.trim() === '') bad('url', 'is empty');
  let text = url.trim();
  if (/^(www\.)?(t|telegram)\.(me|dog)\//i.test(text)) text = `https://${text}`;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) bad('url', `'${clip(url)}' has no scheme (expected socks5://, http://, tg:// or https://t.me/)`);
  if (scheme === 'tg') return parseTgLink(text);
  if (scheme === 'socks5' || scheme === 'socks5h' || scheme === 'http' || scheme === 'https') {
    // Checked before URL parsing, whose only complaint would be "invalid URL".
    const authority = /^[a-z0-9+.-]+:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?/i.exec(text);
    if (authority?.[2] !== undefined && authority[2] !== '') checkPort(authority[2]);
    let u: URL;
    try {
      u = new URL(text);
    } catch {
      bad('url', `'${clip(url)}' is not a valid URL`);
    }
    if (scheme === 'https' || (scheme === 'http' && LINK_HOSTS.has(u.hostname.toLowerCase()))) {
      if (LINK_HOSTS.has(u.hostname.toLowerCase())) return parseLinkQuery(u.pathname.replace(/^\/+|\/+$/g, ''), queryOf(text));
      bad('scheme', 'https:// proxies (TLS to the proxy) are not supported; use http:// for an HTTP CONNECT proxy');
    }
    return parseServerUrl(scheme, u);
  }
  bad('scheme', `'${scheme}:' is not supported (expected socks5, socks5h, http, tg, or a t.me link)`);
}

function parseServerUrl(scheme: 'socks5' | 'socks5h' | 'http', u: URL): ProxyConfig {
  const host = stripBrackets(u.hostname);
  if (host === '') bad('host', 'is missing');
  const port = u.port === '' ? (scheme === 'http' ? 80 : 1080) : checkPort(u.port);
  if ((u.pathname !== '' && u.pathname !== '/') || u.search !== '' || u.hash !== '') {
    bad('url', `unexpected path or query '${u.pathname}${u.search}' after the address`);
  }
  const username = u.username === '' ? undefined : decodePart('user', u.username);
  const password = u.password === '' ? undefined : decodePart('password', u.password);
  if (password !== undefined && username === undefined) bad('user', 'a password needs a user name');
  const auth = { ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) };
  if (scheme === 'http') return { type: 'http', host, port, ...auth };
  // socks5:// and socks5h:// mean the same here: a host name target always goes to the proxy to resolve.
  return { type: 'socks5', host, port, ...auth };
}

function parseTgLink(text: string): ProxyConfig {
  const m = /^tg:(?:\/\/)?([a-z]+)\/?(?:\?|$)/i.exec(text);
  if (!m) bad('url', `'${clip(text)}' is not a tg://proxy or tg://socks link`);
  return parseLinkQuery(m[1]!.toLowerCase(), queryOf(text));
}

/** Query parameters decoded with decodeURIComponent: a literal '+' in base64 stays '+'. */
function queryOf(text: string): Map<string, string> {
  const q = text.indexOf('?');
  const out = new Map<string, string>();
  if (q < 0) return out;
  const end = text.indexOf('#', q);
  for (const pair of text.slice(q + 1, end < 0 ? undefined : end).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    out.set(decodePart('query', key).toLowerCase(), decodePart(key, value));
  }
  return out;
}

function parseLinkQuery(kind: string, q: Map<string, string>): ProxyConfig {
  if (kind !== 'proxy' && kind !== 'socks') bad('url', `'${kind}' links are not proxy links (expected proxy or socks)`);
  const server = q.get('server');
  if (server === undefined || server === '') bad('server', 'is missing');
  const host = stripBrackets(server);
  const portText = q.get('port');
  if (portText === undefined || portText === '') bad('port', 'is missing');
  const port = checkPort(portText);
  if (kind === 'socks') {
    const username = q.get('user') || undefined;
    const password = q.get('pass') || undefined;
    if (password !== undefined && username === undefined) bad('user', 'a password needs a user name');
    return { type: 'socks5', host, port, ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) };
  }
  const secret = q.get('secret');
  if (secret === undefined || secret === '') bad('secret', 'is missing');
  return { type: 'mtproxy', host, port, secret: parseMtproxySecret(secret) };
}

/**
 * Checks a {@link ProxyConfig} (or parses a URL) and decodes its MTProxy secret. Throws
 * `TransportError('invalid-options')` naming the wrong field.
 */
export function resolveProxy(proxy: string | ProxyConfig): ResolvedProxy {
  const p = typeof proxy === 'string' ? parseProxyUrl(proxy) : proxy;
  if (p === null || typeof p !== 'object') bad('config', 'must be a URL string or a ProxyConfig object');
  if (p.type !== 'socks5' && p.type !== 'http' && p.type !== 'mtproxy') {
    bad('type', `must be 'socks5', 'http' or 'mtproxy', got ${JSON.stringify((p as { type?: unknown }).type)}`);
  }
  if (typeof p.host !== 'string' || p.host === '') bad('host', 'must be a non-empty string');
  if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) bad('port', `must be an integer in 1..65535, got ${String(p.port)}`);
  if (p.type === 'mtproxy') {
    const secret = typeof p.secret === 'string' ? parseMtproxySecret(p.secret) : p.secret;
    if (!secret || !(secret.key instanceof Uint8Array) || secret.key.length !== 16) bad('secret', 'key must be 16 bytes');
    if (secret.kind === 'faketls' && !secret.domain) bad('secret', 'a FakeTLS secret needs a domain');
    return { ...p, secret };
  }
  for (const [field, value] of [
    ['user', p.username],
    ['password', p.password],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'string') bad(field, 'must be a string');
    const n = utf8(value).length;
    if (p.type === 'socks5' && (n < 1 || n > 255)) bad(field, `must be 1..255 bytes for SOCKS5 (RFC 1929), got ${n}`);
  }
  if (p.password !== undefined && p.username === undefined) bad('user', 'a password needs a user name');
  return p;
}

function checkPort(text: string): number {
  if (!/^\d{1,5}$/.test(text)) bad('port', `'${clip(text)}' is not a number`);
  const n = Number(text);
  if (n < 1 || n > 65535) bad('port', `${n} is outside 1..65535`);
  return n;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function decodePart(part: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    bad(part, `'${clip(text)}' has a malformed %-escape`);
  }
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
