/**
 * GramJS `StringSession` (npm `telegram`). Version "1" is the only one GramJS has written, in
 * two layouts, standard base64 after the "1":
 * - since 1.0 (2020): dc_id u8, address length u16 BE, address (text), port u16 BE, auth key (256);
 * - before (2019–2020): dc_id u8, IPv4 (4 bytes), port u16 BE, auth key — Telethon's layout.
 */
import { ByteReader, ByteWriter, decodeBase64, encodeBase64 } from '../bytes.js';
import { primaryAddress, unpackIp } from '../dcs.js';
import { SessionFormatError } from '../errors.js';
import { checkSession, primaryDc } from '../portable.js';
import type { PortableSession } from '../types.js';

const KEY = 256;

/** Reads a GramJS session string (either layout). */
export function parseGramjsSession(text: string): PortableSession {
  const value = text.trim();
  if (!value.startsWith('1')) throw new SessionFormatError('gramjs', `unknown version ${JSON.stringify(value[0] ?? '')}, expected "1"`, 'version');
  const bytes = decodeBase64(value.slice(1));
  if (!bytes) throw new SessionFormatError('gramjs', 'not valid base64 after the version "1"', 'encoding');
  const r = new ByteReader(bytes, 'gramjs');
  const dcId = r.u8('dcId');
  let host: string;
  let variant: string;
  if (bytes.length === 1 + 4 + 2 + KEY) {
    host = unpackIp(r.take(4, 'address'));
    variant = 'v1-ipv4';
  } else {
    const length = r.u16be('address');
    if (length === 0 || length + 5 + KEY !== bytes.length) {
      r.fail('length', `${bytes.length} bytes do not fit the layout (dc, address of ${length} bytes, port, 256-byte key)`);
    }
    const address = r.take(length, 'address');
    if (!address.every((c) => c > 0x20 && c < 0x7f)) r.fail('address', 'address is not printable text');
    host = new TextDecoder().decode(address);
    variant = 'v1';
  }
  const port = r.u16be('port');
  const authKey = r.take(KEY, 'authKey');
  r.end();
  return checkSession({
    source: { format: 'gramjs', variant, label: 'GramJS session string' },
    dcId,
    testMode: false,
    dcs: [{ id: dcId, authKey, host, port }],
    peers: [],
  });
}

/** Writes the current GramJS layout (address as text). */
export function writeGramjsSession(session: PortableSession): string {
  const dc = primaryDc(session);
  const address = primaryAddress(session);
  if (!address) throw new SessionFormatError('gramjs', `no address known for DC ${session.dcId}`, 'address');
  if (session.dcId > 255) throw new SessionFormatError('gramjs', `DC id ${session.dcId} does not fit one byte`, 'dcId');
  // GramJS writes and reads the port as a signed 16-bit number
  if (address.port > 0x7fff) throw new SessionFormatError('gramjs', `port ${address.port} does not fit GramJS's signed 16-bit port`, 'port');
  const host = new TextEncoder().encode(address.host);
  const payload = new ByteWriter().u8(session.dcId).u16be(host.length).bytes(host).u16be(address.port).bytes(dc.authKey).result();
  return `1${encodeBase64(payload, { url: false, pad: true })}`;
}
