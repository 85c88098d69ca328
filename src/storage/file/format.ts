/**
 * The JSON layout of a {@link FileStorage} file (format `tgts-session`, version 2), and how a
 * version 1 file (what `FileSession` writes) is read into it.
 *
 * ```json
 * { "format": "tgts-session", "version": 2,
 *   "account": { "dcId": 2, "user": { "id": 1000042, "bot": false } },
 *   "authKeys": { "2": { "authKey": "<base64>", "salt": "-12345", "timeOffset": 0 } },
 *   "peers": [ { "type": "user", "id": 1000043, "accessHash": "987", "min": false, "usernames": ["alice"], "updatedAt": 1767225600 } ],
 *   "updates": { "common": { "pts": 1, "qts": 0, "date": 1767225600, "seq": 0 }, "channels": { "1000000001": 42 },
 *                "channelTopMessages": { "1000000001": 977 } } }
 * ```
 * `channelTopMessages` (the highest message id delivered per channel, see `ChannelPosition`) came later
 * within version 2: a file without it loads as pts only, and a reader that predates it ignores it.
 * Bytes are base64, 64-bit integers decimal strings (JSON has no 64-bit numbers).
 *
 * @module
 */
import { SessionError } from '../../errors.js';
import { toBase64 } from '../../encoding.js';
import { int64FromDecimal, strictBase64 } from '../bytes.js';
import { SESSION_FORMAT, parseSessionJson, sessionFromParsed } from '../session/json-v1.js';
import type { AccountRecord, ChannelPosition, CommonUpdatesState, PeerRecord, StoredAuthKey } from '../types.js';
import { checkAccount, checkAuthKey, checkChannelPosition, checkCommonState, checkDcId, checkPeer } from '../validate.js';
import { BadArgumentError } from '../../errors.js';

/** Everything one file holds, decoded. */
export interface FileContents {
  account: AccountRecord | undefined;
  authKeys: Array<[number, StoredAuthKey]>;
  peers: PeerRecord[];
  common: CommonUpdatesState | undefined;
  channels: ChannelPosition[];
}

export const FILE_VERSION = 2;

type Json = Record<string, unknown>;

function encodeKey(key: StoredAuthKey): Json {
  const out: Json = { authKey: toBase64(key.authKey) };
  if (key.salt !== undefined) out.salt = key.salt.toString();
  if (key.timeOffset !== undefined) out.timeOffset = key.timeOffset;
  if (key.host !== undefined) out.host = key.host;
  if (key.port !== undefined) out.port = key.port;
  return out;
}

function encodePeer(p: PeerRecord): Json {
  const out: Json = { type: p.type, id: p.id };
  if (p.accessHash !== undefined) out.accessHash = p.accessHash.toString();
  out.min = p.min;
  out.usernames = p.usernames;
  if (p.phone !== undefined) out.phone = p.phone;
  if (p.bot !== undefined) out.bot = p.bot;
  if (p.seenIn !== undefined) out.seenIn = p.seenIn;
  out.updatedAt = p.updatedAt;
  return out;
}

/** Serialises the contents (stable key order, one peer per line so diffs stay readable). */
export function encodeFile(c: FileContents): string {
  const head: Json = { format: SESSION_FORMAT, version: FILE_VERSION };
  if (c.account) head.account = c.account;
  head.authKeys = Object.fromEntries(c.authKeys.map(([id, key]) => [String(id), encodeKey(key)]));
  const updates: Json = { channels: Object.fromEntries(c.channels.map(([id, pts]) => [String(id), pts])) };
  // a map of its own, not a new shape of `channels`: older readers of version 2 still load the file
  const tops = c.channels.filter(([, , top]) => top !== undefined && top > 0);
  if (tops.length > 0) updates.channelTopMessages = Object.fromEntries(tops.map(([id, , top]) => [String(id), top]));
  if (c.common) updates.common = c.common;
  head.updates = updates;
  const text = JSON.stringify(head, null, 1);
  const peers = c.peers.map((p) => JSON.stringify(encodePeer(p))).join(',\n  ');
  // splice the peers in before the closing brace
  return `${text.slice(0, -2)},\n "peers": [${peers ? `\n  ${peers}\n ` : ''}]\n}\n`;
}

function asObject(value: unknown, file: string, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SessionError('must be an object', file, field);
  return value as Json;
}

/** Runs a record check, turning its `BadArgumentError` into a `SessionError` naming the file. */
function checked<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof BadArgumentError) throw new SessionError(error.message.slice(error.field.length + 2), file, error.field, { cause: error });
    throw error;
  }
}

function decodeKey(raw: unknown, file: string, field: string): StoredAuthKey {
  const o = { ...asObject(raw, file, field) };
  const bytes = strictBase64(o.authKey);
  if (bytes === undefined) throw new SessionError('must be a base64 string', file, `${field}.authKey`);
  o.authKey = bytes;
  if (o.salt !== undefined) {
    const salt = int64FromDecimal(o.salt);
    if (salt === undefined) throw new SessionError('must be a decimal string', file, `${field}.salt`);
    o.salt = salt;
  }
  return checked(file, () => checkAuthKey(o, field));
}

function decodePeer(raw: unknown, file: string, field: string): PeerRecord {
  const o = { ...asObject(raw, file, field) };
  if (o.accessHash !== undefined) {
    const hash = int64FromDecimal(o.accessHash);
    if (hash === undefined) throw new SessionError('must be a decimal string', file, `${field}.accessHash`);
    o.accessHash = hash;
  }
  return checked(file, () => checkPeer(o, field));
}

function decodeV2(raw: Json, file: string): FileContents {
  const out: FileContents = { account: undefined, authKeys: [], peers: [], common: undefined, channels: [] };
  if (raw.account !== undefined) out.account = checked(file, () => checkAccount(raw.account, 'account'));
  for (const [id, key] of Object.entries(asObject(raw.authKeys ?? {}, file, 'authKeys'))) {
    const dcId = checked(file, () => checkDcId(Number(id), `authKeys.${id}`));
    if (String(dcId) !== id) throw new SessionError('key must be a DC id', file, `authKeys.${id}`);
    out.authKeys.push([dcId, decodeKey(key, file, `authKeys.${id}`)]);
  }
  const peers = raw.peers ?? [];
  if (!Array.isArray(peers)) throw new SessionError('must be an array', file, 'peers');
  out.peers = peers.map((p, i) => decodePeer(p, file, `peers.${i}`));
  const updates = asObject(raw.updates ?? {}, file, 'updates');
  if (updates.common !== undefined) out.common = checked(file, () => checkCommonState(updates.common, 'updates.common'));
  const tops = asObject(updates.channelTopMessages ?? {}, file, 'updates.channelTopMessages');
  for (const [id, pts] of Object.entries(asObject(updates.channels ?? {}, file, 'updates.channels'))) {
    const top = Object.hasOwn(tops, id) ? tops[id] : undefined;
    out.channels.push(checked(file, () => checkChannelPosition(Number(id), pts, top, `updates.channels.${id}`)));
  }
  return out;
}

/**
 * Parses a file of version 2, or of version 1 (its DCs with an auth key become auth keys; an
 * address without a key is dropped, `help.getConfig` provides addresses). Throws
 * {@link SessionError} naming the file and the field.
 */
export function decodeFile(text: string, file: string): FileContents {
  const parsed = parseSessionJson(text, file);
  const raw = asObject(parsed, file, '(root)');
  if (raw.format !== SESSION_FORMAT) throw new SessionError(`not a tgts session file (missing "format": "${SESSION_FORMAT}")`, file, 'format');
  if (raw.version === FILE_VERSION) return decodeV2(raw, file);
  if (raw.version !== 1) throw new SessionError(`unsupported version ${JSON.stringify(raw.version)}, expected 1 or 2`, file, 'version');
  const v1 = sessionFromParsed(parsed, file);
  const authKeys: Array<[number, StoredAuthKey]> = [];
  for (const [id, dc] of Object.entries(v1.dcs)) {
    if (dc.authKey === undefined) continue;
    authKeys.push([
      Number(id),
      {
        authKey: dc.authKey,
        ...(dc.salt !== undefined ? { salt: dc.salt } : {}),
        ...(dc.timeOffset !== undefined ? { timeOffset: dc.timeOffset } : {}),
        ...(dc.host !== undefined ? { host: dc.host } : {}),
        ...(dc.port !== undefined ? { port: dc.port } : {}),
      },
    ]);
  }
  const account: AccountRecord = { dcId: v1.dcId, ...(v1.testMode !== undefined ? { testMode: v1.testMode } : {}), ...(v1.user ? { user: v1.user } : {}) };
  return { account, authKeys, peers: [], common: undefined, channels: [] };
}
