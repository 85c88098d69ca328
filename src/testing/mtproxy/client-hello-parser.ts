/**
 * Structural parse of a FakeTLS ClientHello record (never a comparison with a template: clients
 * permute extensions and change sizes). Every length is checked against its container.
 * @module
 */

/** What the front needs from a ClientHello. */
export interface ParsedClientHello {
  /** The 32 bytes at offset 11 (the client's digest). */
  random: Uint8Array;
  sessionId: Uint8Array;
  cipherSuites: number[];
  /** `host_name` of the server_name extension, if present. */
  serverName?: string;
  extensionTypes: number[];
}

/** A malformed hello; `reason` names the field. */
export class ClientHelloError extends Error {
  override name = 'ClientHelloError';
}

/** GREASE values (RFC 8701) are `0x?A?A`. */
export function isGrease(value: number): boolean {
  return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);
}

class Cursor {
  constructor(
    private readonly bytes: Uint8Array,
    public pos: number,
    private readonly end: number,
  ) {}

  need(n: number, what: string): void {
    if (this.pos + n > this.end) throw new ClientHelloError(`${what} runs past its container at offset ${this.pos}`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }
  u16(what: string): number {
    this.need(2, what);
    const v = (this.bytes[this.pos]! << 8) | this.bytes[this.pos + 1]!;
    this.pos += 2;
    return v;
  }
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  sub(n: number, what: string): Cursor {
    this.need(n, what);
    const c = new Cursor(this.bytes, this.pos, this.pos + n);
    this.pos += n;
    return c;
  }
  get left(): number {
    return this.end - this.pos;
  }
}

/** Parses `record` (5-byte header included). Throws {@link ClientHelloError}. */
export function parseClientHello(record: Uint8Array): ParsedClientHello {
  if (record.length < 5 || record[0] !== 0x16 || record[1] !== 0x03 || record[2] !== 0x01) throw new ClientHelloError('not a TLS handshake record');
  const length = (record[3]! << 8) | record[4]!;
  if (record.length !== 5 + length) throw new ClientHelloError(`record length ${length} does not match ${record.length - 5} bytes`);
  const c = new Cursor(record, 5, record.length);
  if (c.u8('handshake type') !== 0x01) throw new ClientHelloError('handshake is not a ClientHello');
  const hsLen = (c.u8('handshake length') << 16) | c.u16('handshake length');
  if (hsLen !== c.left) throw new ClientHelloError(`ClientHello length ${hsLen} does not fill the record`);
  if (c.u16('legacy_version') !== 0x0303) throw new ClientHelloError('legacy_version is not 0x0303');
  const random = c.take(32, 'random').slice();
  const sessionId = c.take(c.u8('session_id length'), 'session_id').slice();
  const suitesLen = c.u16('cipher_suites length');
  if (suitesLen % 2 !== 0 || suitesLen === 0) throw new ClientHelloError(`cipher_suites length ${suitesLen}`);
  const suites = c.sub(suitesLen, 'cipher_suites');
  const cipherSuites: number[] = [];
  while (suites.left > 0) cipherSuites.push(suites.u16('cipher suite'));
  c.take(c.u8('compression_methods length'), 'compression_methods');
  const out: ParsedClientHello = { random, sessionId, cipherSuites, extensionTypes: [] };
  if (c.left === 0) return out;
  const exts = c.sub(c.u16('extensions length'), 'extensions');
  if (c.left !== 0) throw new ClientHelloError(`${c.left} bytes after the extensions`);
  while (exts.left > 0) {
    const type = exts.u16('extension type');
    const data = exts.sub(exts.u16('extension length'), `extension 0x${type.toString(16)}`);
    out.extensionTypes.push(type);
    if (type === 0x0000) out.serverName = parseServerName(data);
  }
  return out;
}

function parseServerName(c: Cursor): string | undefined {
  const list = c.sub(c.u16('server_name list length'), 'server_name list');
  while (list.left > 0) {
    const kind = list.u8('server_name type');
    const name = list.take(list.u16('host_name length'), 'host_name');
    if (kind === 0) return String.fromCharCode(...name);
  }
  return undefined;
}
