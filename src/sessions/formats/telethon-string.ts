/**
 * Telethon `StringSession`: "1" + URL-safe base64 (with padding) of `>B{4|16}sH256s`: dc_id,
 * the packed IPv4 or IPv6 address, port u16 BE, auth key (256). Version "1" is the only one.
 */
import { ByteReader, ByteWriter, decodeBase64, encodeBase64 } from '../bytes.js';
import { packIp, primaryAddress, unpackIp } from '../dcs.js';
import { SessionFormatError } from '../errors.js';
import { checkSession, primaryDc } from '../portable.js';
import type { PortableSession } from '../types.js';

const KEY = 256;

/** Reads a Telethon session string (IPv4 or IPv6). */
export function parseTelethonSession(text: string): PortableSession {
  const value = text.trim();
  if (!value.startsWith('1')) throw new SessionFormatError('telethon', `unknown version ${JSON.stringify(value[0] ?? '')}, expected "1"`, 'version');
  const bytes = decodeBase64(value.slice(1));
  if (!bytes) throw new SessionFormatError('telethon', 'not valid base64 after the version "1"', 'encoding');
  const ipLength = bytes.length === 1 + 4 + 2 + KEY ? 4 : bytes.length === 1 + 16 + 2 + KEY ? 16 : 0;
  if (ipLength === 0) throw new SessionFormatError('telethon', `expected 263 (IPv4) or 275 (IPv6) bytes, got ${bytes.length}`, 'length');
  const r = new ByteReader(bytes, 'telethon');
  const dcId = r.u8('dcId');
  const host = unpackIp(r.take(ipLength, 'address'));
  const port = r.u16be('port');
  const authKey = r.take(KEY, 'authKey');
  r.end();
  return checkSession({
    source: { format: 'telethon', variant: ipLength === 4 ? 'v1-ipv4' : 'v1-ipv6', label: 'Telethon session string' },
    dcId,
    testMode: false,
    dcs: [{ id: dcId, authKey, host, port }],
    peers: [],
  });
}

/** Writes a Telethon session string; the DC address must be an IP address. */
export function writeTelethonSession(session: PortableSession): string {
  const dc = primaryDc(session);
  const address = primaryAddress(session);
  if (!address) throw new SessionFormatError('telethon', `no address known for DC ${session.dcId}`, 'address');
  const ip = packIp(address.host);
  if (!ip) throw new SessionFormatError('telethon', `Telethon stores an IP address; DC ${session.dcId}'s address '${address.host}' is a host name`, 'address');
  if (session.dcId > 255) throw new SessionFormatError('telethon', `DC id ${session.dcId} does not fit one byte`, 'dcId');
  const payload = new ByteWriter().u8(session.dcId).bytes(ip).u16be(address.port).bytes(dc.authKey).result();
  return `1${encodeBase64(payload, { url: true, pad: true })}`;
}
