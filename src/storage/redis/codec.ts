/**
 * The records of the Redis storage as short JSON strings (64-bit values as decimal strings, the
 * auth key as base64). What is read back is checked like any input, so a damaged value is a
 * {@link SessionError} naming the key, never a wrong record.
 *
 * @module
 */
import { SessionError, TgtsError } from '../../errors.js';
import { toBase64 } from '../../encoding.js';
import { int64FromDecimal, strictBase64 } from '../bytes.js';
import type { AccountRecord, CommonUpdatesState, PeerRecord, PeerType, StoredAuthKey } from '../types.js';
import { checkAccount, checkAuthKey, checkCommonState, checkPeer } from '../validate.js';

function parse<T>(text: string, what: string, decode: (value: Record<string, unknown>) => T): T {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) throw new Error('not an object');
    return decode(value as Record<string, unknown>);
  } catch (error) {
    const reason = error instanceof TgtsError || error instanceof Error ? error.message : String(error);
    throw new SessionError(`Redis: stored ${what} is damaged (${reason})`, undefined, undefined, { cause: error });
  }
}

function int64(value: unknown): bigint | undefined {
  if (value === undefined) return undefined;
  const parsed = int64FromDecimal(value);
  if (parsed === undefined) throw new Error(`${JSON.stringify(value)} is not a signed 64-bit decimal`);
  return parsed;
}

export function encodeAuthKey(k: StoredAuthKey): string {
  return JSON.stringify({ k: toBase64(k.authKey), s: k.salt?.toString(), o: k.timeOffset, h: k.host, p: k.port });
}

export function decodeAuthKey(text: string, dcId: string): StoredAuthKey {
  return parse(text, `auth key of DC ${dcId}`, (v) =>
    checkAuthKey({ authKey: strictBase64(v.k), salt: int64(v.s), timeOffset: v.o, host: v.h, port: v.p }),
  );
}

export function encodeAccount(a: AccountRecord): string {
  return JSON.stringify({ d: a.dcId, t: a.testMode, u: a.user && [a.user.id, a.user.bot] });
}

export function decodeAccount(text: string): AccountRecord {
  return parse(text, 'account', (v) => {
    const user = Array.isArray(v.u) ? { id: v.u[0], bot: v.u[1] } : undefined;
    return checkAccount({ dcId: v.d, testMode: v.t, user });
  });
}

export function encodePeer(p: PeerRecord): string {
  return JSON.stringify({
    t: p.type,
    i: p.id,
    h: p.accessHash?.toString(),
    m: p.min ? 1 : 0,
    u: p.usernames,
    p: p.phone,
    b: p.bot === undefined ? undefined : p.bot ? 1 : 0,
    s: p.seenIn && [p.seenIn.peerType, p.seenIn.peerId, p.seenIn.msgId],
    a: p.updatedAt,
  });
}

export function decodePeer(text: string, key: string): PeerRecord {
  return parse(text, `peer ${key}`, (v) => {
    const seen = Array.isArray(v.s) ? { peerType: v.s[0] as PeerType, peerId: v.s[1], msgId: v.s[2] } : undefined;
    return checkPeer({
      type: v.t,
      id: v.i,
      accessHash: int64(v.h),
      min: v.m === 1,
      usernames: v.u,
      phone: v.p,
      bot: v.b === undefined ? undefined : v.b === 1,
      seenIn: seen,
      updatedAt: v.a,
    });
  });
}

export function encodeCommon(s: CommonUpdatesState): string {
  return JSON.stringify([s.pts, s.qts, s.date, s.seq]);
}

export function decodeCommon(text: string): CommonUpdatesState {
  return parse(text, 'updates state', (v) => {
    if (!Array.isArray(v)) throw new Error('not an array');
    return checkCommonState({ pts: v[0], qts: v[1], date: v[2], seq: v[3] });
  });
}
