/**
 * GramJS `StringSession` (npm `telegram`). Version "1" is the only one GramJS has written, in
 * two layouts, standard base64 after the "1":
 * - since 1.0 (2020): dc_id u8, address length u16 BE, address (text), port u16 BE, auth key (256);
 * - before (2019–2020): dc_id u8, IPv4 (4 bytes), port u16 BE, auth key — Telethon's layout.
 */
import { ByteReader, ByteWriter, encodeBase64, versionOnePayload } from '../bytes.js';
import { unpackIp } from '../dcs.js';
import { SessionFormatError } from '../errors.js';
import { exportTarget, oneDcSession } from '../portable.js';
import type { PortableSession } from '../types.js';

const KEY = 256;

/** Reads a GramJS session string (either layout). */
export function parseGramjsSession(text: string): PortableSession {
  const bytes = versionOnePayload(text, 'gramjs');
  const r = new ByteReader(bytes, 'gramjs');
  const id = r.u8('dcId');
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
  return oneDcSession('gramjs', variant, { id, authKey, host, port });
}

/** Writes the current GramJS layout (address as text). */
export function writeGramjsSession(session: PortableSession): string {
  const { dcId, authKey, host, port } = exportTarget(session, 'gramjs');
  // GramJS writes and reads the port as a signed 16-bit number
  if (port > 0x7fff) throw new SessionFormatError('gramjs', `port ${port} does not fit GramJS's signed 16-bit port`, 'port');
  const address = new TextEncoder().encode(host);
  const payload = new ByteWriter().u8(dcId).u16be(address.length).bytes(address).u16be(port).bytes(authKey).result();
  return `1${encodeBase64(payload, { url: false, pad: true })}`;
}
