import { createHash } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { SessionError } from '../errors.js';
import { detectForeignSessionString, ForeignSessionError } from './foreign.js';
import type { DcSession, SessionData, SessionStorage } from './types.js';
import { AUTH_KEY_LENGTH, validateSessionData } from './validate.js';

/*
 * String format, version 1: "1" + base64url(payload ‖ checksum), big-endian integers.
 *   payload  = flags:u8 (1 test mode, 2 has user, 4 user is bot) dcId:u16 [userId:i64]
 *              dcCount:u8 dc*
 *   dc       = id:u16 flags:u8 (1 host, 2 port, 4 auth key, 8 salt, 16 time offset,
 *              32 host is IPv4) [host: 4 bytes | len:u8 utf8] [port:u16] [authKey:256]
 *              [salt:i64] [timeOffset:i32]
 *   checksum = first 4 bytes of SHA-256("1" ‖ payload)
 */
const PREFIX = '1';
const CHECKSUM_LENGTH = 4;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const TEST_MODE = 1;
const HAS_USER = 2;
const USER_BOT = 4;
const SESSION_FLAGS = TEST_MODE | HAS_USER | USER_BOT;

const DC_HOST = 1;
const DC_PORT = 2;
const DC_AUTH_KEY = 4;
const DC_SALT = 8;
const DC_TIME_OFFSET = 16;
const DC_IPV4 = 32;
const DC_FLAGS = DC_HOST | DC_PORT | DC_AUTH_KEY | DC_SALT | DC_TIME_OFFSET | DC_IPV4;

function checksum(payload: Uint8Array): Buffer {
  return createHash('sha256').update(PREFIX).update(payload).digest().subarray(0, CHECKSUM_LENGTH);
}

function ipv4Bytes(host: string): Uint8Array | undefined {
  if (!isIPv4(host)) return undefined;
  const bytes = Uint8Array.from(host.split('.').map(Number));
  return bytes.join('.') === host ? bytes : undefined; // only canonical forms survive a round trip
}

/** Encodes session data as a tgts session string (see {@link StringSession}). */
function encode(data: SessionData): string {
  const valid = validateSessionData(data);
  const parts: Buffer[] = [];
  const head = Buffer.alloc(3);
  head.writeUInt8((valid.testMode ? TEST_MODE : 0) | (valid.user ? HAS_USER : 0) | (valid.user?.bot ? USER_BOT : 0), 0);
  head.writeUInt16BE(valid.dcId, 1);
  parts.push(head);
  if (valid.user) {
    const id = Buffer.alloc(8);
    id.writeBigInt64BE(BigInt(valid.user.id));
    parts.push(id);
  }
  const entries = Object.entries(valid.dcs);
  if (entries.length > 255) throw new SessionError('at most 255 DCs fit in a session string', undefined, 'dcs');
  parts.push(Buffer.of(entries.length));
  for (const [id, dc] of entries) parts.push(encodeDc(Number(id), dc));
  const payload = Buffer.concat(parts);
  return PREFIX + Buffer.concat([payload, checksum(payload)]).toString('base64url');
}

function encodeDc(id: number, dc: DcSession): Buffer {
  const parts: Buffer[] = [];
  const ipv4 = dc.host === undefined ? undefined : ipv4Bytes(dc.host);
  let flags = 0;
  if (dc.host !== undefined) {
    flags |= DC_HOST;
    if (ipv4) {
      flags |= DC_IPV4;
      parts.push(Buffer.from(ipv4));
    } else {
      const host = Buffer.from(dc.host, 'utf8');
      parts.push(Buffer.of(host.length), host);
    }
  }
  if (dc.port !== undefined) {
    flags |= DC_PORT;
    const port = Buffer.alloc(2);
    port.writeUInt16BE(dc.port);
    parts.push(port);
  }
  if (dc.authKey !== undefined) {
    flags |= DC_AUTH_KEY;
    parts.push(Buffer.from(dc.authKey));
  }
  if (dc.salt !== undefined) {
    flags |= DC_SALT;
    const salt = Buffer.alloc(8);
    salt.writeBigInt64BE(dc.salt);
    parts.push(salt);
  }
  if (dc.timeOffset !== undefined) {
    flags |= DC_TIME_OFFSET;
    const offset = Buffer.alloc(4);
    offset.writeInt32BE(dc.timeOffset);
    parts.push(offset);
  }
  const head = Buffer.alloc(3);
  head.writeUInt16BE(id, 0);
  head.writeUInt8(flags, 2);
  return Buffer.concat([head, ...parts]);
}

/** Bounds-checked reader over the decoded payload. */
class Cursor {
  offset = 0;
  constructor(private readonly bytes: Buffer) {}

  take(length: number, field: string): Buffer {
    if (this.offset + length > this.bytes.length) {
      throw new SessionError(`session string truncated at byte ${this.offset} (need ${length} more)`, undefined, field);
    }
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }
}

/** Decodes a tgts session string; throws {@link SessionError} on any malformation. */
function decode(value: string): SessionData {
  if (typeof value !== 'string') throw new SessionError('session string must be a string');
  const text = value.trim(); // tolerate a pasted trailing newline
  if (text.length === 0) throw new SessionError('session string is empty');
  const foreign = (): void => {
    const found = detectForeignSessionString(text);
    if (found) throw new ForeignSessionError(found);
  };
  if (text[0] !== PREFIX) {
    foreign();
    throw new SessionError(`unsupported session string version ${JSON.stringify(text[0])}, expected "${PREFIX}"`, undefined, 'version');
  }
  const body = text.slice(1);
  if (!BASE64URL.test(body) || body.length % 4 === 1) {
    foreign();
    throw new SessionError('session string is not valid base64url');
  }
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length < CHECKSUM_LENGTH) throw new SessionError('session string is too short');
  const payload = bytes.subarray(0, bytes.length - CHECKSUM_LENGTH);
  if (!checksum(payload).equals(bytes.subarray(bytes.length - CHECKSUM_LENGTH))) {
    foreign();
    throw new SessionError('session string checksum mismatch (truncated or altered)');
  }
  const cur = new Cursor(payload);
  const flags = cur.take(1, 'flags')[0]!;
  if (flags & ~SESSION_FLAGS) throw new SessionError(`unknown flags 0x${flags.toString(16)}`, undefined, 'flags');
  const raw: Record<string, unknown> = { version: 1, dcId: cur.take(2, 'dcId').readUInt16BE() };
  if (flags & TEST_MODE) raw.testMode = true;
  if (flags & HAS_USER) {
    const id = cur.take(8, 'user.id').readBigInt64BE();
    if (id > BigInt(Number.MAX_SAFE_INTEGER) || id < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new SessionError('user id out of safe integer range', undefined, 'user.id');
    }
    raw.user = { id: Number(id), bot: (flags & USER_BOT) !== 0 };
  }
  const count = cur.take(1, 'dcs')[0]!;
  const dcs: Record<string, DcSession> = {};
  for (let i = 0; i < count; i++) {
    const id = cur.take(2, `dcs[${i}].id`).readUInt16BE();
    if (String(id) in dcs) throw new SessionError(`duplicate DC ${id}`, undefined, `dcs.${id}`);
    dcs[String(id)] = decodeDc(cur, `dcs.${id}`);
  }
  if (cur.remaining !== 0) throw new SessionError(`${cur.remaining} unexpected trailing bytes at byte ${cur.offset}`);
  raw.dcs = dcs;
  return validateSessionData(raw);
}

function decodeDc(cur: Cursor, path: string): DcSession {
  const flags = cur.take(1, `${path}.flags`)[0]!;
  if (flags & ~DC_FLAGS || (flags & DC_IPV4 && !(flags & DC_HOST))) {
    throw new SessionError(`unknown flags 0x${flags.toString(16)}`, undefined, `${path}.flags`);
  }
  const dc: DcSession = {};
  if (flags & DC_HOST) {
    if (flags & DC_IPV4) dc.host = Array.from(cur.take(4, `${path}.host`)).join('.');
    else dc.host = cur.take(cur.take(1, `${path}.host`)[0]!, `${path}.host`).toString('utf8');
  }
  if (flags & DC_PORT) dc.port = cur.take(2, `${path}.port`).readUInt16BE();
  if (flags & DC_AUTH_KEY) dc.authKey = new Uint8Array(cur.take(AUTH_KEY_LENGTH, `${path}.authKey`));
  if (flags & DC_SALT) dc.salt = cur.take(8, `${path}.salt`).readBigInt64BE();
  if (flags & DC_TIME_OFFSET) dc.timeOffset = cur.take(4, `${path}.timeOffset`).readInt32BE();
  return dc;
}

/**
 * A session kept in a compact, versioned string ("1" + base64url of a binary layout with a
 * checksum), to store in an environment variable or a secret manager.
 *
 * @example
 * const session = new StringSession(process.env.TG_SESSION);
 * // …after login:
 * console.log(session.toString());
 */
export class StringSession implements SessionStorage {
  private current: string;

  /**
   * @param value - a string from {@link StringSession.encode} or `toString()`; empty or
   *   omitted for a fresh session. A malformed string throws {@link SessionError} here.
   */
  constructor(value?: string) {
    this.current = value ?? '';
    if (this.current !== '') decode(this.current);
  }

  /** Encodes session data as a session string. Throws {@link SessionError} for invalid data. */
  static encode(data: SessionData): string {
    return encode(data);
  }

  /** Decodes a session string. Throws {@link SessionError} saying what is wrong and where. */
  static decode(value: string): SessionData {
    return decode(value);
  }

  async load(): Promise<SessionData | undefined> {
    return this.current === '' ? undefined : decode(this.current);
  }

  async save(data: SessionData): Promise<void> {
    this.current = encode(data);
  }

  /** The current session string ('' before anything was saved). */
  toString(): string {
    return this.current;
  }
}
