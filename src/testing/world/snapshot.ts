/**
 * JSON form of the persistent world state (accounts, chats, links, requests, counters).
 * bigint → `{ "$bigint": "123" }`, bytes → `{ "$bytes": "<base64>" }`, Map → `{ "$map": [[k, v], …] }`,
 * Set → `{ "$set": [ … ] }`. Sign-in codes, login tokens and pending 2FA rounds are per server run and not saved.
 */
import { BadArgumentError } from '../../errors.js';
import type { AdminLogAction, AdminLogEventRecord, ChatRecord, LinkRecord, UserRecord } from './types.js';

/** Snapshot format version. */
export const SNAPSHOT_VERSION = 1;

/** A JSON-able value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What {@link World.snapshot} returns. */
export interface WorldSnapshot {
  version: number;
  nextUserId: number;
  nextChatId: number;
  nextChannelId: number;
  users: JsonValue[];
  chats: JsonValue[];
  /** Auth key ids (decimal strings) authorised off their account's home DC (no `USER_MIGRATE` for them). */
  importedKeys?: string[];
  /** Rows of the per-row tables (`tables.ts`), by table name. */
  tables?: Record<string, Array<[string, JsonValue]>>;
}

/** Encodes a record tree into JSON-able values. */
export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [toJson(k), toJson(v)]) };
  if (value instanceof Set) return { $set: [...value].map(toJson) };
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v);
    return out;
  }
  throw new BadArgumentError('snapshot', `cannot encode a ${typeof value}`);
}

/** Decodes {@link toJson}'s output. */
export function fromJson(value: JsonValue, path = 'snapshot'): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v, i) => fromJson(v, `${path}.${i}`));
  if ('$bigint' in value) {
    if (typeof value.$bigint !== 'string' || !/^-?\d+$/.test(value.$bigint)) throw new BadArgumentError(path, 'bad $bigint');
    return BigInt(value.$bigint);
  }
  if ('$bytes' in value) {
    if (typeof value.$bytes !== 'string') throw new BadArgumentError(path, 'bad $bytes');
    return new Uint8Array(Buffer.from(value.$bytes, 'base64'));
  }
  if ('$map' in value) {
    if (!Array.isArray(value.$map)) throw new BadArgumentError(path, 'bad $map');
    return new Map(
      value.$map.map((entry, i) => {
        if (!Array.isArray(entry) || entry.length !== 2) throw new BadArgumentError(`${path}.${i}`, 'bad map entry');
        return [fromJson(entry[0] as JsonValue, path), fromJson(entry[1] as JsonValue, `${path}.${i}`)];
      }),
    );
  }
  if ('$set' in value) {
    if (!Array.isArray(value.$set)) throw new BadArgumentError(path, 'bad $set');
    return new Set(value.$set.map((v, i) => fromJson(v, `${path}.${i}`)));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = fromJson(v, `${path}.${k}`);
  return out;
}

/** Minimal shape check of a decoded user. */
export function checkUser(u: unknown, path: string): UserRecord {
  const r = u as Partial<UserRecord> | null;
  if (!r || typeof r.id !== 'number' || typeof r.accessHash !== 'bigint' || typeof r.firstName !== 'string') {
    throw new BadArgumentError(path, 'not a user record (id, accessHash, firstName)');
  }
  // Update counters moved to the `accountBoxes` table; older snapshots still carry them.
  for (const legacy of ['pts', 'maxMessageId', 'qts', 'date']) delete (r as Record<string, unknown>)[legacy];
  return r as UserRecord;
}

/** Minimal shape check of a decoded chat. */
export function checkChat(c: unknown, path: string): ChatRecord {
  const r = c as Partial<ChatRecord> | null;
  if (
    !r ||
    typeof r.id !== 'number' ||
    (r.kind !== 'chat' && r.kind !== 'channel') ||
    !(r.participants instanceof Map) ||
    !(r.links instanceof Map) ||
    !(r.requests instanceof Map)
  ) {
    throw new BadArgumentError(path, 'not a chat record (id, kind, participants, links, requests)');
  }
  if (r.adminLog !== undefined) checkAdminLog(r.adminLog, `${path}.adminLog`);
  // Messages and counters moved to the `messages` / `channelBoxes` tables; older snapshots still carry them.
  for (const legacy of ['pts', 'maxMessageId', 'messages', 'boxes']) delete (r as Record<string, unknown>)[legacy];
  return r as ChatRecord;
}

const ACTION_LINKS: Record<AdminLogAction['kind'], readonly string[]> = {
  inviteRevoke: ['invite'],
  inviteDelete: ['invite'],
  inviteEdit: ['prev', 'next'],
  joinByInvite: ['invite'],
  joinByRequest: [],
};

/** Shape check of a decoded admin log (absent in snapshots written before it existed): ids strictly increase. */
function checkAdminLog(log: unknown, path: string): void {
  if (!Array.isArray(log)) throw new BadArgumentError(path, 'not an array');
  let lastId = 0n;
  log.forEach((e: unknown, i) => {
    const at = `${path}.${i}`;
    const r = e as Partial<AdminLogEventRecord> | null;
    if (!r || typeof r.id !== 'bigint' || typeof r.date !== 'number' || typeof r.userId !== 'number') {
      throw new BadArgumentError(at, 'not an admin-log event (id, date, userId)');
    }
    if (r.id <= lastId) throw new BadArgumentError(`${at}.id`, 'admin-log ids must increase');
    lastId = r.id;
    const action = r.action as Record<string, unknown> | undefined;
    const kind = action?.kind;
    if (!action || typeof kind !== 'string' || !Object.hasOwn(ACTION_LINKS, kind)) {
      throw new BadArgumentError(`${at}.action.kind`, 'unknown admin-log action');
    }
    const fields = [...(ACTION_LINKS[kind as AdminLogAction['kind']] ?? []), ...(kind === 'joinByRequest' && action.invite !== undefined ? ['invite'] : [])];
    for (const f of fields) {
      const link = action[f] as Partial<LinkRecord> | undefined;
      if (!link || typeof link.hash !== 'string' || typeof link.adminId !== 'number' || typeof link.date !== 'number') {
        throw new BadArgumentError(`${at}.action.${f}`, 'not a link record (hash, adminId, date)');
      }
    }
    if (kind === 'joinByRequest' && typeof action.approvedBy !== 'number') {
      throw new BadArgumentError(`${at}.action.approvedBy`, 'not a user id');
    }
  });
}
