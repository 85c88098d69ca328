/**
 * Telethon `StringSession`: "1" + URL-safe base64 (with padding) of `>B{4|16}sH256s`: dc_id,
 * the packed IPv4 or IPv6 address, port u16 BE, auth key (256). Version "1" is the only one.
 */
import { ByteReader, ByteWriter, encodeBase64, versionOnePayload } from '../bytes.js';
import { packIp, unpackIp } from '../dcs.js';
import { SessionFormatError } from '../errors.js';
import { exportTarget, oneDcSession } from '../portable.js';
import type { PortableSession } from '../types.js';

const KEY = 256;

/** Reads a Telethon session string (IPv4 or IPv6). */
export function parseTelethonSession(text: string): PortableSession {
  const bytes = versionOnePayload(text, 'telethon');
  const ipLength = bytes.length === 1 + 4 + 2 + KEY ? 4 : bytes.length === 1 + 16 + 2 + KEY ? 16 : 0;
  if (ipLength === 0) throw new SessionFormatError('telethon', `expected 263 (IPv4) or 275 (IPv6) bytes, got ${bytes.length}`, 'length');
  const r = new ByteReader(bytes, 'telethon');
  const id = r.u8('dcId');
  const host = unpackIp(r.take(ipLength, 'address'));
  const port = r.u16be('port');
  const authKey = r.take(KEY, 'authKey');
  r.end();
  return oneDcSession('telethon', ipLength === 4 ? 'v1-ipv4' : 'v1-ipv6', { id, authKey, host, port });
}

/** Writes a Telethon session string; the DC address must be an IP address. */
export function writeTelethonSession(session: PortableSession): string {
  const { dcId, authKey, host, port } = exportTarget(session, 'telethon');
  const ip = packIp(host);
  if (!ip) throw new SessionFormatError('telethon', `Telethon stores an IP address; DC ${dcId}'s address '${host}' is a host name`, 'address');
  return `1${encodeBase64(new ByteWriter().u8(dcId).bytes(ip).u16be(port).bytes(authKey).result(), { url: true, pad: true })}`;
}
