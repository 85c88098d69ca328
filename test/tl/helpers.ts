/** Test helpers for the TL layer: hex, JSON-vector conversion, registry-driven arbitraries. */
import fc from 'fast-check';
import { constructorsOf, encode, findByName } from '../../src/tl/index.js';
import type { TlEntry, TlEntryParam, TlSchemaName } from '../../src/tl/index.js';

export function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
}

export function toHex(u8: Uint8Array): string {
  return Buffer.from(u8).toString('hex');
}

const VEC = /^(Vector|vector|%Vector)<(.*)>$/;

function isBareName(type: string): boolean {
  const name = type.startsWith('%') ? type.slice(1) : type;
  return type.startsWith('%') || /^[a-z]/.test(name.slice(name.lastIndexOf('.') + 1));
}

function bareEntry(type: string, schema: TlSchemaName): TlEntry {
  const name = type.startsWith('%') ? type.slice(1) : type;
  const e = findByName(name, schema) ?? constructorsOf(name, schema)[0];
  if (!e) throw new Error(`no bare constructor for ${type}`);
  return e;
}

/** Convert a value of tl-serialization.json (snake_case, longs as strings, bytes as hex) to our shape. */
export function fromJson(v: unknown, type: string, schema: TlSchemaName = 'api', numberId = false): unknown {
  const vec = VEC.exec(type);
  if (vec) return (v as unknown[]).map((x) => fromJson(x, vec[2], schema, numberId));
  switch (type) {
    case 'int':
    case 'double':
    case 'string':
    case 'Bool':
    case 'true':
      return v;
    case 'long':
      return numberId ? Number(v) : BigInt(v as string);
    case 'bytes':
    case 'int128':
    case 'int256':
      return fromHex(v as string);
  }
  const o = v as Record<string, unknown>;
  const entry = isBareName(type) && type !== 'Object' ? bareEntry(type, schema) : findByName(o._ as string, schema) ?? findByName(o._ as string);
  if (!entry) throw new Error(`unknown object ${String(o._)}`);
  const out: Record<string, unknown> = { _: entry.name };
  for (const p of entry.params) {
    if (p.type === '#') continue;
    if (o[p.name] === undefined) continue;
    const value = fromJson(o[p.name], p.type, entry.schema, p.numberId === true);
    // a field of type Object (rpc_result.result, message.body) holds the object serialised
    out[p.camelName] = p.type === 'Object' ? encode(value as { _: string }) : value;
  }
  return out;
}

/** Fill in absent fields (undefined / false for flag-true) so the object equals its decoded form. */
export function complete(o: Record<string, unknown>, schema: TlSchemaName = 'api'): Record<string, unknown> {
  const entry = findByName(o._ as string, schema);
  if (!entry) return o;
  const out: Record<string, unknown> = { _: o._ };
  for (const p of entry.params) {
    if (p.type === '#') continue;
    let v = o[p.camelName];
    if (p.flag && p.type === 'true') v = v === true;
    out[p.camelName] = completeValue(v, p.type, entry.schema);
  }
  return out;
}

function completeValue(v: unknown, type: string, schema: TlSchemaName): unknown {
  const vec = VEC.exec(type);
  if (vec && Array.isArray(v)) return v.map((x) => completeValue(x, vec[2], schema));
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (isBareName(type) && type !== 'Object' && !o._) return complete({ _: bareEntry(type, schema).name, ...o }, schema);
    return complete(o, schema);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries generated from the registry.

const SIMPLE_OBJECTS = [{ _: 'inputPeerSelf' }, { _: 'pong', msgId: 5n, pingId: -7n }, { _: 'help.getConfig' }];

export class Arbitraries {
  private readonly cache = new Map<string, fc.Arbitrary<Record<string, unknown>>>();

  constructor(private readonly schema: TlSchemaName) {}

  /** Arbitrary for one constructor or method (its object, with every field key present). */
  entry(e: TlEntry, depth = 0): fc.Arbitrary<Record<string, unknown>> {
    if (depth > 14) throw new Error(`recursion too deep generating ${e.name}`);
    const key = `${e.schema}:${e.name}@${Math.min(depth, 3)}:${depth >= 3 ? depth : ''}`;
    let a = this.cache.get(key);
    if (!a) {
      a = this.build(e, depth);
      this.cache.set(key, a);
    }
    return a;
  }

  private build(e: TlEntry, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const deep = depth >= 3;
    const groups: string[] = [];
    for (const p of e.params) if (p.flag && !groups.includes(`${p.flag.field}.${p.flag.bit}`)) groups.push(`${p.flag.field}.${p.flag.bit}`);
    const fieldArbs: Record<string, fc.Arbitrary<unknown>> = {};
    for (const p of e.params) {
      if (p.type === '#' || (p.flag && p.type === 'true')) continue;
      if (p.flag && deep) continue;
      fieldArbs[p.camelName] = fc.constant(null).chain(() => this.type(p.type, e.schema, p.numberId === true, depth + 1));
    }
    const presence = deep ? fc.constant(groups.map(() => false)) : fc.array(fc.boolean(), { minLength: groups.length, maxLength: groups.length });
    return fc.tuple(presence, fc.record(fieldArbs)).map(([present, vals]) => {
      const o: Record<string, unknown> = { _: e.name };
      for (const p of e.params) {
        if (p.type === '#') continue;
        const on = p.flag ? present[groups.indexOf(`${p.flag.field}.${p.flag.bit}`)] : true;
        if (p.flag && p.type === 'true') o[p.camelName] = on;
        else o[p.camelName] = on ? vals[p.camelName] : undefined;
      }
      if (e.schema === 'mt' && e.name === 'message') o.bytes = (o.body as Uint8Array).length;
      return o;
    });
  }

  type(type: string, schema: TlSchemaName, numberId: boolean, depth: number): fc.Arbitrary<unknown> {
    const vec = VEC.exec(type);
    if (vec) return fc.array(this.type(vec[2], schema, numberId, depth + 1), { maxLength: depth >= 3 ? 0 : 2 });
    switch (type) {
      case 'int':
        return fc.integer({ min: -2147483648, max: 2147483647 });
      case 'long':
        return numberId ? fc.maxSafeInteger() : fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
      case 'double':
        return fc.double();
      case 'string':
        return fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ minLength: 250, maxLength: 300 }));
      case 'bytes':
        return fc.oneof(fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ minLength: 252, maxLength: 260 }));
      case 'int128':
        return fc.uint8Array({ minLength: 16, maxLength: 16 });
      case 'int256':
        return fc.uint8Array({ minLength: 32, maxLength: 32 });
      case 'Bool':
        return fc.boolean();
      case 'true':
        return fc.constant(true);
      case 'Object': // kept serialised (rpc_result.result, message.body)
        return fc.constantFrom(...SIMPLE_OBJECTS).map((o) => encode(complete({ ...o }, findByName(o._, 'api') ? 'api' : 'mt') as { _: string }));
    }
    if (type.startsWith('!')) return fc.constant({ _: 'help.getConfig' });
    if (isBareName(type)) return this.entry(bareEntry(type, schema), depth);
    const ctors = [...constructorsOf(type, schema)].sort((a, b) => a.params.length - b.params.length || (a.name < b.name ? -1 : 1));
    if (ctors.length === 0) throw new Error(`no constructors for ${type}`);
    // Deeper down, take the constructor with the fewest fields so values stay small and finite.
    if (depth >= 3) return this.entry(ctors[0], depth);
    return fc.oneof(...ctors.map((c) => this.entry(c, depth)));
  }
}
