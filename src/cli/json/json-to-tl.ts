/**
 * JSON → TL objects, driven by the schema registry, for `tgts call <method> <json>`.
 *
 * Keys are the camelCase field names of the generated types (`usageLimit`) or the TL names
 * (`usage_limit`). `long` is a decimal string (or a safe-integer number) and becomes a bigint,
 * except user/chat/channel ids, which stay numbers; `bytes`/`int128`/`int256` are base64;
 * constructors are objects with `_`; vectors are arrays; `Bool` and `true` flags are booleans.
 * Every error names the path of the bad value.
 */
import { constructorsOf, entriesOf, findByName } from '../../tl/registry.js';
import type { TlEntry, TlEntryParam } from '../../tl/registry.js';
import { closest, didYouMean } from '../suggest.js';
import { bytesFromBase64, describe } from './base64.js';
import { JsonTlError } from './errors.js';

/** A converted TL object (plain object whose `_` is its TL name). */
export type TlValueObject = { _: string } & Record<string, unknown>;

const MAX_DEPTH = 64;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 32 - 1; // unsigned form accepted too (flags-like masks)
const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 64n) - 1n;

let methodNames: string[] | undefined;

/** Names of every api method (`messages.exportChatInvite`, ...). */
export function apiMethodNames(): readonly string[] {
  methodNames ??= entriesOf('api', 'method').map((e) => e.name);
  return methodNames;
}

/** The registry entry of an api method, or a JsonTlError with a spelling hint. */
export function findMethod(name: string): TlEntry {
  const e = findByName(name, 'api');
  if (e?.kind === 'method') return e;
  throw new JsonTlError(name, `unknown method${didYouMean(name, apiMethodNames())}`);
}

/**
 * Builds the request object of `method` from JSON parameters (an object, or `undefined` for a
 * method without required parameters).
 * @throws JsonTlError naming the bad field (`messages.exportChatInvite.peer._: unknown constructor ...`).
 */
export function requestFromJson(method: string, params: unknown): TlValueObject {
  const entry = findMethod(method);
  const value = params === undefined || params === null ? {} : params;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new JsonTlError(method, `parameters must be a JSON object, got ${describe(value)}`);
  }
  const given = (value as { _?: unknown })._;
  if (given !== undefined && given !== method) {
    throw new JsonTlError(`${method}._`, `'${String(given)}' does not match the method name`);
  }
  return fieldsFromJson(entry, value as Record<string, unknown>, method, 0);
}

/**
 * Converts a JSON value to the TL value of `type` (a registry type string such as `InputPeer`,
 * `Vector<long>`, `int256`, `flags.0?true` without the flag). Exposed for tests and reuse.
 */
export function valueFromJson(type: string, value: unknown, path: string, numberId = false, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new JsonTlError(path, `nested deeper than ${MAX_DEPTH} levels`);
  const vector = /^%?[Vv]ector<(.*)>$/.exec(type);
  if (vector) {
    if (!Array.isArray(value)) throw new JsonTlError(path, `expected an array (${type}), got ${describe(value)}`);
    return value.map((item, i) => valueFromJson(vector[1], item, `${path}[${i}]`, numberId, depth + 1));
  }
  switch (type) {
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX) return value;
      throw new JsonTlError(path, `expected int (32-bit integer), got ${describe(value)}`);
    case 'long':
      return numberId ? idFromJson(value, path) : longFromJson(value, path);
    case 'double':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw new JsonTlError(path, `expected double (a number), got ${describe(value)}`);
    case 'string':
      if (typeof value === 'string') return value;
      throw new JsonTlError(path, `expected a string, got ${describe(value)}`);
    case 'bytes':
      return bytesFromBase64(value, path);
    case 'int128':
      return bytesFromBase64(value, path, 16);
    case 'int256':
      return bytesFromBase64(value, path, 32);
    case 'Bool':
      if (typeof value === 'boolean') return value;
      throw new JsonTlError(path, `expected Bool (true or false), got ${describe(value)}`);
    case 'true':
    case 'True':
      if (value === true) return true;
      throw new JsonTlError(path, `expected true, got ${describe(value)}`);
  }
  if (type.startsWith('!') || type === 'Object') return anyObjectFromJson(value, path, type.startsWith('!'), depth);
  const name = type.startsWith('%') ? type.slice(1) : type;
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (type.startsWith('%') || /^[a-z]/.test(last)) return bareFromJson(name, value, path, depth);
  return boxedFromJson(type, value, path, depth);
}

function longFromJson(value: unknown, path: string): bigint {
  let n: bigint | undefined;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value.trim())) n = BigInt(value.trim());
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === 'number' && Number.isInteger(value)) {
    throw new JsonTlError(path, `long ${value} is too large for a JSON number; write it as a string ("...")`);
  }
  if (n === undefined) throw new JsonTlError(path, `expected long as a decimal string (or a safe integer), got ${describe(value)}`);
  if (n < LONG_MIN || n > LONG_MAX) throw new JsonTlError(path, `long ${n} is out of the 64-bit range`);
  return n;
}

function idFromJson(value: unknown, path: string): number {
  const n = typeof value === 'string' && /^-?\d{1,16}$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
  throw new JsonTlError(path, `expected a user/chat/channel id (an integer), got ${describe(value)}`);
}

function asObject(value: unknown, path: string, expected: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JsonTlError(path, `expected ${expected} (an object with "_"), got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function boxedFromJson(type: string, value: unknown, path: string, depth: number): TlValueObject {
  const obj = asObject(value, path, type);
  const choices = constructorsOf(type, 'api');
  if (choices.length === 0) throw new JsonTlError(path, `type ${type} is not in the schema`);
  const name = obj._;
  if (name === undefined && choices.length === 1) return fieldsFromJson(choices[0], obj, path, depth);
  if (typeof name !== 'string') {
    throw new JsonTlError(`${path}._`, `missing constructor name; ${type} is one of: ${listNames(choices)}`);
  }
  const entry = choices.find((c) => c.name === name);
  if (!entry) throw new JsonTlError(`${path}._`, unknownConstructor(name, type, choices));
  return fieldsFromJson(entry, obj, path, depth);
}

function bareFromJson(name: string, value: unknown, path: string, depth: number): TlValueObject {
  const entry = findByName(name, 'api') ?? constructorsOf(name, 'api')[0] ?? findByName(name, 'mt');
  if (!entry) throw new JsonTlError(path, `type ${name} is not in the schema`);
  const obj = asObject(value, path, name);
  if (obj._ !== undefined && obj._ !== entry.name) {
    throw new JsonTlError(`${path}._`, `expected '${entry.name}' here, got '${String(obj._)}'`);
  }
  return fieldsFromJson(entry, obj, path, depth);
}

/** `Object` or a generic `!X` (a request: `{ "_": "help.getConfig" }`). */
function anyObjectFromJson(value: unknown, path: string, request: boolean, depth: number): TlValueObject {
  const obj = asObject(value, path, request ? 'a method call' : 'a TL object');
  const name = obj._;
  if (typeof name !== 'string') throw new JsonTlError(`${path}._`, `missing ${request ? 'method' : 'constructor'} name`);
  const entry = findByName(name, 'api');
  if (!entry || (request && entry.kind !== 'method')) {
    const pool = request ? apiMethodNames() : entriesOf('api', 'constructor').map((e) => e.name);
    throw new JsonTlError(`${path}._`, `unknown ${request ? 'method' : 'constructor'} '${name}'${didYouMean(name, pool)}`);
  }
  return fieldsFromJson(entry, obj, path, depth);
}

function unknownConstructor(name: string, type: string, choices: readonly TlEntry[]): string {
  const other = findByName(name, 'api');
  if (other?.kind === 'constructor') return `'${name}' is a ${other.type}, but ${type} is expected (one of: ${listNames(choices)})`;
  const hint = closest(name, choices.map((c) => c.name));
  if (hint !== undefined) return `unknown constructor '${name}' (did you mean ${hint}?)`;
  return `unknown constructor '${name}'; ${type} is one of: ${listNames(choices)}`;
}

function listNames(choices: readonly TlEntry[]): string {
  const names = choices.map((c) => c.name);
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, ... (${names.length} in all)` : names.join(', ');
}

/** Reads every field of `entry` from `obj` (camelCase or TL key) and rejects unknown keys. */
function fieldsFromJson(entry: TlEntry, obj: Record<string, unknown>, path: string, depth: number): TlValueObject {
  const out: TlValueObject = { _: entry.name };
  const used = new Set<string>(['_']);
  for (const p of entry.params) {
    if (p.type === '#') continue;
    const key = pickKey(p, obj, path);
    if (key !== undefined) used.add(key);
    const raw = key === undefined ? undefined : obj[key];
    const fieldPath = `${path}.${p.camelName}`;
    if (raw === undefined || raw === null) {
      if (p.flag) continue;
      if (p.type === 'true') {
        out[p.camelName] = true; // a bare `true` field carries no data
        continue;
      }
      throw new JsonTlError(fieldPath, `missing required field (${p.type})`);
    }
    if (p.flag && p.type === 'true') {
      if (typeof raw !== 'boolean') throw new JsonTlError(fieldPath, `expected true or false, got ${describe(raw)}`);
      if (raw) out[p.camelName] = true;
      continue;
    }
    out[p.camelName] = valueFromJson(p.type, raw, fieldPath, p.numberId === true, depth + 1);
  }
  for (const key of Object.keys(obj)) {
    if (used.has(key)) continue;
    if (entry.params.some((p) => p.type === '#' && p.name === key)) {
      throw new JsonTlError(`${path}.${key}`, 'flags are computed from the optional fields; leave this key out');
    }
    const names = entry.params.filter((p) => p.type !== '#').map((p) => p.camelName);
    const hint = names.length === 0 ? ` (${entry.name} has no fields)` : didYouMean(key, [...names, ...entry.params.map((p) => p.name)]);
    throw new JsonTlError(`${path}.${key}`, `unknown field of ${entry.name}${hint}`);
  }
  return out;
}

function pickKey(p: TlEntryParam, obj: Record<string, unknown>, path: string): string | undefined {
  const camel = Object.hasOwn(obj, p.camelName);
  const snake = p.name !== p.camelName && Object.hasOwn(obj, p.name);
  if (camel && snake) throw new JsonTlError(`${path}.${p.camelName}`, `given twice (as ${p.camelName} and ${p.name})`);
  return camel ? p.camelName : snake ? p.name : undefined;
}
