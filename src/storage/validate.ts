/**
 * Checks and copies of the records the repositories store. Every implementation runs what it is
 * given through these before storing it, so a bad value fails the same way everywhere (a
 * `BadArgumentError` naming the field) and a stored record never shares memory with the caller's.
 *
 * @module
 */
import { BadArgumentError } from '../errors.js';
import { isInt64, utf8Length } from './bytes.js';
import type { AccountRecord, ChannelPosition, CommonUpdatesState, PeerRecord, PeerSeenIn, PeerType, StoredAuthKey } from './types.js';

/** Size of a permanent auth key, bytes. */
export const AUTH_KEY_LENGTH = 256;

const INT32_MAX = 2 ** 31 - 1;
const PEER_TYPES: ReadonlySet<string> = new Set<PeerType>(['user', 'chat', 'channel']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(field: string, message: string): never {
  throw new BadArgumentError(field, message);
}

/** A DC id: 1..65535 (CDN DCs have ids of their own in that range). */
export function checkDcId(value: unknown, field = 'dcId'): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 0xffff) fail(field, `must be an integer in 1..65535, got ${String(value)}`);
  return value as number;
}

/** A positive id of a user, chat or channel (bare, not Bot-API-marked). */
export function checkPeerId(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) fail(field, `must be a positive safe integer, got ${String(value)}`);
  return value as number;
}

/** Checks and copies an auth key record. */
export function checkAuthKey(value: unknown, field = 'key'): StoredAuthKey {
  if (!isRecord(value)) fail(field, 'must be an object');
  const key = value.authKey;
  if (!(key instanceof Uint8Array)) fail(`${field}.authKey`, 'must be a Uint8Array');
  if (key.length !== AUTH_KEY_LENGTH) fail(`${field}.authKey`, `must be ${AUTH_KEY_LENGTH} bytes, got ${key.length}`);
  const out: StoredAuthKey = { authKey: Uint8Array.from(key) };
  if (value.salt !== undefined) {
    if (!isInt64(value.salt)) fail(`${field}.salt`, 'must be a bigint in the signed 64-bit range');
    out.salt = value.salt;
  }
  if (value.timeOffset !== undefined) {
    if (!Number.isInteger(value.timeOffset) || Math.abs(value.timeOffset as number) > INT32_MAX) {
      fail(`${field}.timeOffset`, 'must be an integer number of seconds within ±2^31');
    }
    out.timeOffset = value.timeOffset as number;
  }
  if (value.host !== undefined) {
    if (typeof value.host !== 'string' || value.host.length === 0 || utf8Length(value.host) > 255) {
      fail(`${field}.host`, 'must be a non-empty string of at most 255 bytes');
    }
    out.host = value.host;
  }
  if (value.port !== undefined) {
    if (!Number.isInteger(value.port) || (value.port as number) < 1 || (value.port as number) > 0xffff) fail(`${field}.port`, 'must be an integer in 1..65535');
    out.port = value.port as number;
  }
  return out;
}

/** Checks and copies an account record. */
export function checkAccount(value: unknown, field = 'account'): AccountRecord {
  if (!isRecord(value)) fail(field, 'must be an object');
  const out: AccountRecord = { dcId: checkDcId(value.dcId, `${field}.dcId`) };
  if (value.testMode !== undefined) {
    if (typeof value.testMode !== 'boolean') fail(`${field}.testMode`, 'must be a boolean');
    out.testMode = value.testMode;
  }
  if (value.user !== undefined) {
    const user = value.user;
    if (!isRecord(user)) fail(`${field}.user`, 'must be an object');
    if (!Number.isSafeInteger(user.id) || user.id === 0) fail(`${field}.user.id`, 'must be a non-zero safe integer');
    if (typeof user.bot !== 'boolean') fail(`${field}.user.bot`, 'must be a boolean');
    out.user = { id: user.id as number, bot: user.bot };
  }
  return out;
}

/** A peer type. */
export function checkPeerType(value: unknown, field = 'type'): PeerType {
  if (typeof value !== 'string' || !PEER_TYPES.has(value)) fail(field, `must be 'user', 'chat' or 'channel', got ${String(value)}`);
  return value as PeerType;
}

function checkSeenIn(value: unknown, field: string): PeerSeenIn {
  if (!isRecord(value)) fail(field, 'must be an object');
  const msgId = value.msgId;
  if (!Number.isInteger(msgId) || (msgId as number) <= 0 || (msgId as number) > INT32_MAX) fail(`${field}.msgId`, 'must be a positive 32-bit message id');
  return { peerType: checkPeerType(value.peerType, `${field}.peerType`), peerId: checkPeerId(value.peerId, `${field}.peerId`), msgId: msgId as number };
}

/** Checks and copies a peer record. */
export function checkPeer(value: unknown, field = 'peer'): PeerRecord {
  if (!isRecord(value)) fail(field, 'must be an object');
  const type = checkPeerType(value.type, `${field}.type`);
  const out: PeerRecord = {
    type,
    id: checkPeerId(value.id, `${field}.id`),
    min: false,
    usernames: [],
    updatedAt: 0,
  };
  if (value.accessHash !== undefined) {
    if (!isInt64(value.accessHash)) fail(`${field}.accessHash`, 'must be a bigint in the signed 64-bit range');
    out.accessHash = value.accessHash;
  }
  if (typeof value.min !== 'boolean') fail(`${field}.min`, 'must be a boolean');
  out.min = value.min;
  if (!Array.isArray(value.usernames)) fail(`${field}.usernames`, 'must be an array of strings');
  out.usernames = value.usernames.map((u, i) => {
    if (typeof u !== 'string' || !/^[A-Za-z0-9_]{1,64}$/.test(u)) fail(`${field}.usernames.${i}`, 'must be a username without @ (letters, digits, _)');
    return u;
  });
  if (value.phone !== undefined) {
    if (typeof value.phone !== 'string' || !/^\d{1,20}$/.test(value.phone)) fail(`${field}.phone`, 'must be digits only, without +');
    out.phone = value.phone;
  }
  if (value.bot !== undefined) {
    if (typeof value.bot !== 'boolean') fail(`${field}.bot`, 'must be a boolean');
    out.bot = value.bot;
  }
  if (value.seenIn !== undefined) out.seenIn = checkSeenIn(value.seenIn, `${field}.seenIn`);
  if (!Number.isSafeInteger(value.updatedAt) || (value.updatedAt as number) < 0) fail(`${field}.updatedAt`, 'must be a non-negative integer (unix seconds)');
  out.updatedAt = value.updatedAt as number;
  return out;
}

/** A copy of an already checked peer record. */
export function copyPeer(p: PeerRecord): PeerRecord {
  const out: PeerRecord = { type: p.type, id: p.id, min: p.min, usernames: [...p.usernames], updatedAt: p.updatedAt };
  if (p.accessHash !== undefined) out.accessHash = p.accessHash;
  if (p.phone !== undefined) out.phone = p.phone;
  if (p.bot !== undefined) out.bot = p.bot;
  if (p.seenIn !== undefined) out.seenIn = { ...p.seenIn };
  return out;
}

/** A copy of an already checked auth key record. */
export function copyAuthKey(k: StoredAuthKey): StoredAuthKey {
  const out: StoredAuthKey = { ...k, authKey: Uint8Array.from(k.authKey) };
  return out;
}

/** A copy of an already checked account record. */
export function copyAccount(a: AccountRecord): AccountRecord {
  return { ...a, ...(a.user ? { user: { ...a.user } } : {}) };
}

function checkCounter(value: unknown, field: string): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > INT32_MAX) fail(field, 'must be an integer in 0..2^31-1');
  return value as number;
}

/** Checks and copies the common updates state. */
export function checkCommonState(value: unknown, field = 'state'): CommonUpdatesState {
  if (!isRecord(value)) fail(field, 'must be an object');
  return {
    pts: checkCounter(value.pts, `${field}.pts`),
    qts: checkCounter(value.qts, `${field}.qts`),
    date: checkCounter(value.date, `${field}.date`),
    seq: checkCounter(value.seq, `${field}.seq`),
  };
}

/** Checks a channel box position. */
export function checkChannelPts(channelId: unknown, pts: unknown, field = 'channel'): [number, number] {
  return [checkPeerId(channelId, `${field}.channelId`), checkCounter(pts, `${field}.pts`)];
}

/**
 * Checks a channel position `[channelId, pts, topMessageId?]`; a `topMessageId` that is
 * absent or 0 (unknown) is left out of the copy, so every storage returns the same shape.
 */
export function checkChannelPosition(channelId: unknown, pts: unknown, topMessageId: unknown, field = 'channel'): ChannelPosition {
  const top = topMessageId === undefined ? 0 : checkCounter(topMessageId, `${field}.topMessageId`);
  return channelPosition(checkPeerId(channelId, `${field}.channelId`), checkCounter(pts, `${field}.pts`), top);
}

/** `[channelId, pts]`, with `topMessageId` as the third element only when it is known (above 0). */
export function channelPosition(channelId: number, pts: number, topMessageId: number): ChannelPosition {
  return topMessageId > 0 ? [channelId, pts, topMessageId] : [channelId, pts];
}

/** Lower-cased username without `@`, for case-insensitive lookups. */
export function usernameKey(username: string): string {
  return (username.startsWith('@') ? username.slice(1) : username).toLowerCase();
}

/** Digits of a phone lookup (a leading `+` and separators are ignored). */
export function phoneKey(phone: string): string {
  return phone.replace(/[\s()+-]/g, '');
}
