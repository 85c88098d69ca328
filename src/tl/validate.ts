/**
 * Finds why an object cannot be encoded, with the path of the offending field. Runs only after
 * the fast generated writers failed, so it may be slow; it interprets the registry.
 */
import { TlError } from './errors.js';
import { constructorsOf, findByName } from './registry.js';
import type { TlEntry, TlSchemaName } from './registry.js';

interface Problem {
  readonly path: string;
  readonly expected: string;
  readonly got: unknown;
}

const INT_OK = (v: unknown): boolean => typeof v === 'number' && ((v | 0) === v || v >>> 0 === v);
const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 64n) - 1n;

function show(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (typeof v === 'object') return typeof (v as { _?: unknown })._ === 'string' ? `object '${(v as { _: string })._}'` : 'an object without `_`';
  if (typeof v === 'bigint') return `${v}n`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

function checkType(type: string, v: unknown, path: string, schema: TlSchemaName, numberId: boolean, depth: number): Problem | null {
  if (depth > 200) return null;
  const bad = (expected: string): Problem => ({ path, expected, got: v });
  const vec = /^(Vector|vector|%Vector)<(.*)>$/.exec(type);
  if (vec) {
    if (!Array.isArray(v)) return bad(type);
    for (let i = 0; i < v.length; i++) {
      const p = checkType(vec[2], v[i], `${path}[${i}]`, schema, numberId, depth + 1);
      if (p) return p;
    }
    return null;
  }
  switch (type) {
    case 'int':
      return INT_OK(v) ? null : bad('int (32-bit integer)');
    case 'long':
      if (numberId) return Number.isSafeInteger(v) ? null : bad('long id as a safe integer number');
      return typeof v === 'bigint' && v >= LONG_MIN && v <= LONG_MAX ? null : bad('long (bigint)');
    case 'double':
      return typeof v === 'number' ? null : bad('double (number)');
    case 'string':
      return typeof v === 'string' ? null : bad('string');
    case 'bytes':
      return v instanceof Uint8Array ? null : bad('bytes (Uint8Array)');
    case 'int128':
      return v instanceof Uint8Array && v.length === 16 ? null : bad('int128 (Uint8Array of 16 bytes)');
    case 'int256':
      return v instanceof Uint8Array && v.length === 32 ? null : bad('int256 (Uint8Array of 32 bytes)');
    case 'Bool':
      return typeof v === 'boolean' ? null : bad('Bool (boolean)');
    case 'true':
      return v === true ? null : bad('true');
  }
  if (type === 'Object' || type.startsWith('!')) return checkObject(v, path, schema, undefined, depth + 1);
  const bareName = type.startsWith('%') ? type.slice(1) : type;
  const last = bareName.slice(bareName.lastIndexOf('.') + 1);
  if (type.startsWith('%') || /^[a-z]/.test(last)) {
    // Bare: fields only; `_` is not checked.
    const entry = findByName(bareName, schema) ?? constructorsOf(bareName, schema)[0];
    if (!entry) return null;
    if (typeof v !== 'object' || v === null) return bad(bareName);
    return checkFields(entry, v as Record<string, unknown>, path, schema, depth + 1);
  }
  return checkObject(v, path, schema, type, depth + 1);
}

function checkObject(v: unknown, path: string, schema: TlSchemaName, type: string | undefined, depth: number): Problem | null {
  const expected = type ?? 'a TL object';
  if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof (v as { _?: unknown })._ !== 'string') return { path, expected, got: v };
  const name = (v as { _: string })._;
  if (name === 'vector' && (v as { raw?: unknown }).raw instanceof Uint8Array && !type) return null;
  const entry = findByName(name, schema) ?? (schema === 'api' ? findByName(name, 'mt') : undefined);
  if (!entry || (type !== undefined && (entry.kind !== 'constructor' || entry.type !== type))) {
    return { path: `${path}._`, expected: type ? `a constructor of ${type}` : 'a known constructor or method name', got: name };
  }
  return checkFields(entry, v as Record<string, unknown>, path, entry.schema, depth);
}

function checkFields(entry: TlEntry, o: Record<string, unknown>, path: string, schema: TlSchemaName, depth: number): Problem | null {
  const setBits = new Map<string, number>();
  for (const p of entry.params) {
    if (!p.flag) continue;
    const v = o[p.camelName];
    const present = p.type === 'true' ? Boolean(v) : v !== undefined;
    if (present) setBits.set(p.flag.field, (setBits.get(p.flag.field) ?? 0) | (1 << p.flag.bit));
  }
  for (const p of entry.params) {
    if (p.type === '#') continue;
    const v = o[p.camelName];
    const fpath = `${path}.${p.camelName}`;
    if (p.flag) {
      if (p.type === 'true') {
        if (v !== undefined && typeof v !== 'boolean') return { path: fpath, expected: 'boolean (flag)', got: v };
        continue;
      }
      const on = ((setBits.get(p.flag.field) ?? 0) & (1 << p.flag.bit)) !== 0;
      if (!on) continue;
      if (v === undefined) return { path: fpath, expected: `a value (another field sets ${p.flag.field}.${p.flag.bit})`, got: v };
    }
    const prob = checkType(p.type, v, fpath, schema, p.numberId === true, depth + 1);
    if (prob) return prob;
  }
  return null;
}

/** Explain why encoding `root` failed. Falls back to `cause` when no problem is found. */
export function explainEncodeError(cause: unknown, root: unknown, schema: TlSchemaName = 'api'): TlError {
  let rootPath = '';
  if (typeof root === 'object' && root !== null && typeof (root as { _?: unknown })._ === 'string') rootPath = (root as { _: string })._;
  const prob = checkObject(root, rootPath || '<root>', schema, undefined, 0);
  if (prob) return new TlError(`cannot encode: ${show(prob.got)}`, -1, prob.expected, prob.path);
  if (cause instanceof TlError) return cause;
  return new TlError(`cannot encode: ${(cause as Error)?.message ?? String(cause)}`, -1, 'a valid TL object', rootPath);
}
