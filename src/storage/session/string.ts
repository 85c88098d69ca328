import { sha256 } from '../../crypto/index.js';
import { SessionError } from '../../errors.js';
import { fromBase64, toBase64Url } from '../../encoding.js';
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

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

function checksum(payload: Uint8Array): Uint8Array {
  return sha256(utf8.encode(PREFIX), payload).subarray(0, CHECKSUM_LENGTH);
}

/** The 4 bytes of a canonical dotted IPv4 address (only canonical forms survive a round trip). */
function ipv4Bytes(host: string): Uint8Array | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return Uint8Array.from(parts.map(Number));
}

/** Growable big-endian byte writer. */
class Bytes {
  private buf = new Uint8Array(512);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.room(1);
    this.view.setUint8(this.length++, v);
  }
  u16(v: number): void {
    this.room(2);
    this.view.setUint16(this.length, v);
    this.length += 2;
  }
  i32(v: number): void {
    this.room(4);
    this.view.setInt32(this.length, v);
    this.length += 4;
  }
  i64(v: bigint): void {
    this.room(8);
    this.view.setBigInt64(this.length, v);
    this.length += 8;
  }
  raw(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  /** Patches a byte already written (flags known only after the fields). */
  setU8(at: number, v: number): void {
    this.view.setUint8(at, v);
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Encodes session data as a tgts session string (see {@link StringSession}). */
function encode(data: SessionData): string {
  const valid = validateSessionData(data);
  const out = new Bytes();
  out.u8((valid.testMode ? TEST_MODE : 0) | (valid.user ? HAS_USER : 0) | (valid.user?.bot ? USER_BOT : 0));
  out.u16(valid.dcId);
  if (valid.user) out.i64(BigInt(valid.user.id));
  const entries = Object.entries(valid.dcs);
  if (entries.length > 255) throw new SessionError('at most 255 DCs fit in a session string', undefined, 'dcs');
  out.u8(entries.length);
  for (const [id, dc] of entries) encodeDc(out, Number(id), dc);
  const payload = out.finish();
  const whole = new Uint8Array(payload.length + CHECKSUM_LENGTH);
  whole.set(payload);
  whole.set(checksum(payload), payload.length);
  return PREFIX + toBase64Url(whole);
}

function encodeDc(out: Bytes, id: number, dc: DcSession): void {
  out.u16(id);
  const flagsAt = out.length;
  out.u8(0);
  let flags = 0;
  if (dc.host !== undefined) {
    flags |= DC_HOST;
    const ipv4 = ipv4Bytes(dc.host);
    if (ipv4) {
      flags |= DC_IPV4;
      out.raw(ipv4);
    } else {
      const host = utf8.encode(dc.host);
      out.u8(host.length);
      out.raw(host);
    }
  }
  if (dc.port !== undefined) {
    flags |= DC_PORT;
    out.u16(dc.port);
  }
  if (dc.authKey !== undefined) {
    flags |= DC_AUTH_KEY;
    out.raw(dc.authKey);
  }
  if (dc.salt !== undefined) {
    flags |= DC_SALT;
    out.i64(dc.salt);
  }
  if (dc.timeOffset !== undefined) {
    flags |= DC_TIME_OFFSET;
    out.i32(dc.timeOffset);
  }
  out.setU8(flagsAt, flags);
}

/** Bounds-checked reader over the decoded payload. */
class Cursor {
  offset = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(length: number, field: string): number {
    if (this.offset + length > this.bytes.length) {
      throw new SessionError(`session string truncated at byte ${this.offset} (need ${length} more)`, undefined, field);
    }
    const at = this.offset;
    this.offset += length;
    return at;
  }

  take(length: number, field: string): Uint8Array {
    const at = this.need(length, field);
    return this.bytes.subarray(at, at + length);
  }
  u8(field: string): number {
    return this.view.getUint8(this.need(1, field));
  }
  u16(field: string): number {
    return this.view.getUint16(this.need(2, field));
  }
  i32(field: string): number {
    return this.view.getInt32(this.need(4, field));
  }
  i64(field: string): bigint {
    return this.view.getBigInt64(this.need(8, field));
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
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
  if (!/^[A-Za-z0-9_-]*$/.test(body) || body.length % 4 === 1) {
    foreign();
    throw new SessionError('session string is not valid base64url');
  }
  const bytes = fromBase64(body);
  if (bytes.length < CHECKSUM_LENGTH) throw new SessionError('session string is too short');
  const payload = bytes.subarray(0, bytes.length - CHECKSUM_LENGTH);
  if (!equalBytes(checksum(payload), bytes.subarray(bytes.length - CHECKSUM_LENGTH))) {
    foreign();
    throw new SessionError('session string checksum mismatch (truncated or altered)');
  }
  const cur = new Cursor(payload);
  const flags = cur.u8('flags');
  if (flags & ~SESSION_FLAGS) throw new SessionError(`unknown flags 0x${flags.toString(16)}`, undefined, 'flags');
  const raw: Record<string, unknown> = { version: 1, dcId: cur.u16('dcId') };
  if (flags & TEST_MODE) raw.testMode = true;
  if (flags & HAS_USER) {
    const id = cur.i64('user.id');
    if (id > BigInt(Number.MAX_SAFE_INTEGER) || id < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new SessionError('user id out of safe integer range', undefined, 'user.id');
    }
    raw.user = { id: Number(id), bot: (flags & USER_BOT) !== 0 };
  }
  const count = cur.u8('dcs');
  const dcs: Record<string, DcSession> = {};
  for (let i = 0; i < count; i++) {
    const id = cur.u16(`dcs[${i}].id`);
    if (String(id) in dcs) throw new SessionError(`duplicate DC ${id}`, undefined, `dcs.${id}`);
    dcs[String(id)] = decodeDc(cur, `dcs.${id}`);
  }
  if (cur.remaining !== 0) throw new SessionError(`${cur.remaining} unexpected trailing bytes at byte ${cur.offset}`);
  raw.dcs = dcs;
  return validateSessionData(raw);
}

function decodeDc(cur: Cursor, path: string): DcSession {
  const flags = cur.u8(`${path}.flags`);
  if (flags & ~DC_FLAGS || (flags & DC_IPV4 && !(flags & DC_HOST))) {
    throw new SessionError(`unknown flags 0x${flags.toString(16)}`, undefined, `${path}.flags`);
  }
  const dc: DcSession = {};
  if (flags & DC_HOST) {
    if (flags & DC_IPV4) dc.host = Array.from(cur.take(4, `${path}.host`)).join('.');
    else dc.host = utf8Decoder.decode(cur.take(cur.u8(`${path}.host`), `${path}.host`));
  }
  if (flags & DC_PORT) dc.port = cur.u16(`${path}.port`);
  if (flags & DC_AUTH_KEY) dc.authKey = Uint8Array.from(cur.take(AUTH_KEY_LENGTH, `${path}.authKey`));
  if (flags & DC_SALT) dc.salt = cur.i64(`${path}.salt`);
  if (flags & DC_TIME_OFFSET) dc.timeOffset = cur.i32(`${path}.timeOffset`);
  return dc;
}

/**
 * A session kept in a compact, versioned string ("1" + base64url of a binary layout with a
 * checksum), to store in an environment variable or a secret manager. It holds the auth keys, the
 * DC and the account; a client using it keeps peers and updates state in memory only.
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
