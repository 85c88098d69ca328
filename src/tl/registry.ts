/** Lookups over the generated registry of every constructor and method. */
import { entries } from './generated/registry.js';
import type { TlEntry, TlSchemaName } from './registry-types.js';

export type { TlEntry, TlEntryParam, TlSchemaName } from './registry-types.js';
export { entries as registryEntries };

const byName = new Map<string, TlEntry>();
const byId = new Map<string, TlEntry>();
const byType = new Map<string, TlEntry[]>();
for (const e of entries) {
  byName.set(`${e.schema}:${e.name}`, e);
  byId.set(`${e.schema}:${e.id}`, e);
  if (e.kind === 'constructor') {
    const k = `${e.schema}:${e.type}`;
    const list = byType.get(k) ?? [];
    list.push(e);
    byType.set(k, list);
  }
}

const ORDER: readonly TlSchemaName[] = ['api', 'mt', 'e2e'];

/** Entry by TL name. Without `schema`, api is searched first, then mt, then e2e. */
export function findByName(name: string, schema?: TlSchemaName): TlEntry | undefined {
  for (const s of schema ? [schema] : ORDER) {
    const e = byName.get(`${s}:${name}`);
    if (e) return e;
  }
  return undefined;
}

/** Entry by constructor/method id (signed or unsigned). */
export function findById(id: number, schema?: TlSchemaName): TlEntry | undefined {
  for (const s of schema ? [schema] : ORDER) {
    const e = byId.get(`${s}:${id >>> 0}`);
    if (e) return e;
  }
  return undefined;
}

/** Constructors of an abstract type (`InputPeer`, `messages.Chats`). */
export function constructorsOf(type: string, schema: TlSchemaName = 'api'): readonly TlEntry[] {
  return byType.get(`${schema}:${type}`) ?? [];
}

/** Every constructor or method of a schema. */
export function entriesOf(schema: TlSchemaName, kind?: 'constructor' | 'method'): readonly TlEntry[] {
  return entries.filter((e) => e.schema === schema && (kind === undefined || e.kind === kind));
}
