import { SessionError } from '../../errors.js';
import { utf8Length } from '../bytes.js';
import { AUTH_KEY_LENGTH } from '../validate.js';
import type { DcSession, SessionData } from './types.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MAX = 2 ** 31 - 1;

export { AUTH_KEY_LENGTH };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDcId(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 0xffff;
}

/**
 * Checks that `value` is a well-formed {@link SessionData} and returns a deep copy that
 * shares no mutable memory with it (unknown fields are dropped). Throws {@link SessionError}
 * naming `file` and the offending field.
 */
export function validateSessionData(value: unknown, file?: string): SessionData {
  const fail = (field: string, message: string): never => {
    throw new SessionError(message, file, field);
  };
  if (!isRecord(value)) return fail('(root)', 'must be an object');
  if (value.version !== 1) return fail('version', `unsupported version ${JSON.stringify(value.version) ?? 'undefined'}, expected 1`);
  if (!isDcId(value.dcId)) return fail('dcId', 'must be an integer in 1..65535');
  if (value.testMode !== undefined && typeof value.testMode !== 'boolean') return fail('testMode', 'must be a boolean');
  if (!isRecord(value.dcs)) return fail('dcs', 'must be an object keyed by DC id');

  const dcs: Record<number, DcSession> = {};
  for (const [key, raw] of Object.entries(value.dcs)) {
    const id = Number(key);
    if (!isDcId(id) || String(id) !== key) fail(`dcs.${key}`, 'key must be a DC id in 1..65535');
    dcs[id] = validateDc(raw, `dcs.${key}`, fail);
  }

  const data: SessionData = { version: 1, dcId: value.dcId, dcs };
  if (value.testMode !== undefined) data.testMode = value.testMode;
  if (value.user !== undefined) {
    const user = value.user;
    if (!isRecord(user)) return fail('user', 'must be an object');
    if (!Number.isSafeInteger(user.id) || user.id === 0) fail('user.id', 'must be a non-zero safe integer');
    if (typeof user.bot !== 'boolean') fail('user.bot', 'must be a boolean');
    data.user = { id: user.id as number, bot: user.bot as boolean };
  }
  return data;
}

function validateDc(raw: unknown, path: string, fail: (field: string, message: string) => never): DcSession {
  if (!isRecord(raw)) return fail(path, 'must be an object');
  const dc: DcSession = {};
  if (raw.host !== undefined) {
    if (typeof raw.host !== 'string' || raw.host.length === 0 || utf8Length(raw.host) > 255) {
      fail(`${path}.host`, 'must be a non-empty string of at most 255 bytes');
    }
    dc.host = raw.host as string;
  }
  if (raw.port !== undefined) {
    if (!Number.isInteger(raw.port) || (raw.port as number) < 1 || (raw.port as number) > 0xffff) {
      fail(`${path}.port`, 'must be an integer in 1..65535');
    }
    dc.port = raw.port as number;
  }
  if (raw.authKey !== undefined) {
    if (!(raw.authKey instanceof Uint8Array)) fail(`${path}.authKey`, 'must be a Uint8Array');
    const key = raw.authKey as Uint8Array;
    if (key.length !== AUTH_KEY_LENGTH) fail(`${path}.authKey`, `must be ${AUTH_KEY_LENGTH} bytes, got ${key.length}`);
    dc.authKey = Uint8Array.from(key);
  }
  if (raw.salt !== undefined) {
    if (typeof raw.salt !== 'bigint' || raw.salt < INT64_MIN || raw.salt > INT64_MAX) {
      fail(`${path}.salt`, 'must be a bigint in the signed 64-bit range');
    }
    dc.salt = raw.salt as bigint;
  }
  if (raw.timeOffset !== undefined) {
    if (!Number.isInteger(raw.timeOffset) || Math.abs(raw.timeOffset as number) > INT32_MAX) {
      fail(`${path}.timeOffset`, 'must be an integer number of seconds within ±2^31');
    }
    dc.timeOffset = raw.timeOffset as number;
  }
  return dc;
}

/** Deep copy of already valid session data. */
export function cloneSessionData(data: SessionData): SessionData {
  return validateSessionData(data);
}
