/**
 * DC addresses for formats that store none (Pyrogram, tdata) or that need one (GramJS,
 * Telethon, mtcute), and the packed IP forms Telethon uses.
 */
import { PRODUCTION_DCS, TEST_DCS } from '../client/builtin-dcs.js';
import type { PortableSession } from './types.js';

/** Telegram's built-in address of `dcId` (production or test), if it has one. */
export function defaultDcAddress(dcId: number, testMode: boolean): { host: string; port: number } | undefined {
  const dc = (testMode ? TEST_DCS : PRODUCTION_DCS).find((d) => d.id === dcId);
  return dc && { host: dc.host, port: dc.port };
}

/** The primary DC's address: the stored one, else Telegram's built-in one. */
export function primaryAddress(session: PortableSession): { host: string; port: number } | undefined {
  const dc = session.dcs.find((d) => d.id === session.dcId);
  if (dc?.host !== undefined && dc.port !== undefined) return { host: dc.host, port: dc.port };
  return defaultDcAddress(session.dcId, session.testMode);
}

function ipv4(host: string): Uint8Array | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256)) return undefined;
  return Uint8Array.from(parts.map(Number));
}

function ipv6(host: string): Uint8Array | undefined {
  const text = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  return out;
}

/** An IP address as 4 or 16 bytes; undefined for a host name. */
export function packIp(host: string): Uint8Array | undefined {
  return ipv4(host) ?? (host.includes(':') ? ipv6(host) : undefined);
}

/** 4 or 16 bytes → the address text (IPv6 in the compressed form of RFC 5952). */
export function unpackIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[i * 2]! << 8) | bytes[i * 2 + 1]!);
  let best = -1;
  let bestLength = 1; // only runs of two or more zero groups are shortened
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}
